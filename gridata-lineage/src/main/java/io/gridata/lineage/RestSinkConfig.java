package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a {@link RestSink}.
 *
 * @param server the GMS base URL, e.g. {@code http://localhost:8080} (DataHub's GMS) or {@code
 *     https://<tenant>.acryl.io/gms}
 * @param token a personal access token sent as {@code Authorization: Bearer <token>}, or {@code
 *     null} when the server has authentication off
 * @param timeout how long one request may take (connecting, sending, waiting for the answer); the
 *     DataHub client counts it in whole seconds, so it is rounded up to a second
 * @param extraHeaders further HTTP headers
 */
public record RestSinkConfig(
    URI server, String token, Duration timeout, Map<String, String> extraHeaders) {

  /** Validates the parts. */
  public RestSinkConfig {
    requireNonNull(server, "server is null");
    requireNonNull(timeout, "timeout is null");
    extraHeaders = Map.copyOf(requireNonNull(extraHeaders, "extraHeaders is null"));
    String scheme = server.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "Invalid DataHub server '" + server + "': use an http:// or https:// URL of GMS");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Invalid DataHub timeout " + timeout + ": must be > 0");
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** A builder for {@code server} with a 30 s timeout and no token. */
  public static Builder builder(String server) {
    return new Builder(URI.create(requireNonNull(server, "server is null")));
  }

  /** The server URL without a trailing slash, as the DataHub client wants it. */
  String serverUrl() {
    String url = server.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "RestSinkConfig[server="
        + server
        + ", token="
        + (token == null ? "none" : "***")
        + ", timeout="
        + timeout
        + ", extraHeaders="
        + extraHeaders.keySet()
        + "]";
  }

  /** Builds {@link RestSinkConfig}. */
  public static final class Builder {
    private final URI server;
    private String token;
    private Duration timeout = Duration.ofSeconds(30);
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    private Builder(URI server) {
      this.server = server;
    }

    /** Sets the access token. */
    public Builder token(String newToken) {
      this.token = newToken;
      return this;
    }

    /** Sets the per-request timeout. */
    public Builder timeout(Duration newTimeout) {
      this.timeout = requireNonNull(newTimeout, "timeout is null");
      return this;
    }

    /** Adds an HTTP header. */
    public Builder header(String name, String value) {
      extraHeaders.put(
          requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** The configuration. */
    public RestSinkConfig build() {
      return new RestSinkConfig(server, token, timeout, extraHeaders);
    }
  }
}
