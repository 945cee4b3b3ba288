package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import com.linkedin.mxe.MetadataChangeProposal;
import datahub.client.MetadataWriteResponse;
import datahub.client.rest.RestEmitter;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends proposals to DataHub GMS with the DataHub Java client's {@code RestEmitter} ({@code POST
 * <server>/aspects?action=ingestProposal}, one request per proposal, bearer token, timeout).
 *
 * <p>The emitter reports an HTTP error by completing its future with {@code isSuccess() == false}
 * rather than by throwing; this sink turns that, a timeout and a connection failure into a {@link
 * LineageSinkException} that says whether a retry may help (429, 500, 502, 503, 504, timeouts and
 * I/O errors) or not (any other status: bad request, bad token). The emitter's own retries are
 * switched off: the {@link LineagePublisher} retries with exponential backoff instead.
 */
public final class RestSink implements LineageSink {
  private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);
  private static final int MAX_BODY_IN_MESSAGE = 500;

  private final RestSinkConfig config;
  private final RestEmitter emitter;
  private final long timeoutMillis;

  /** A sink to {@code config.server()}. */
  public RestSink(RestSinkConfig config) {
    this.config = requireNonNull(config, "config is null");
    int timeoutSec = (int) Math.max(1, (config.timeout().toMillis() + 999) / 1000);
    this.timeoutMillis = timeoutSec * 1000L;
    this.emitter =
        RestEmitter.create(
            b -> {
              b.server(config.serverUrl())
                  .timeoutSec(timeoutSec)
                  .maxRetries(0)
                  .retryIntervalSec(0)
                  .extraHeaders(config.extraHeaders());
              if (config.token() != null) {
                b.token(config.token());
              }
            });
  }

  @Override
  public void send(MetadataChangeProposal proposal) {
    requireNonNull(proposal, "proposal is null");
    String what = proposal.getAspectName() + " of " + proposal.getEntityUrn();
    Future<MetadataWriteResponse> future;
    try {
      future = emitter.emit(proposal, null);
    } catch (IOException e) {
      throw new LineageSinkException(
          true, e, "Cannot send %s to DataHub at %s: %s", what, config.server(), e);
    }
    MetadataWriteResponse response;
    try {
      // The client's own timeout applies to the request; this bounds connecting as well.
      response = future.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new LineageSinkException(
          true,
          e,
          "Cannot send %s to DataHub at %s: no answer within %s ms",
          what,
          config.server(),
          timeoutMillis);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new LineageSinkException(
          true,
          cause,
          "Cannot send %s to DataHub at %s: %s. Check the server URL and that GMS is up",
          what,
          config.server(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new LineageSinkException(false, e, "Interrupted while sending %s to DataHub", what);
    }
    if (response == null) {
      throw new LineageSinkException(
          true,
          "Cannot send %s to DataHub at %s: the request failed without an answer",
          what,
          config.server());
    }
    if (!response.isSuccess()) {
      int status = statusOf(response);
      String body = response.getResponseContent();
      if (body != null && body.length() > MAX_BODY_IN_MESSAGE) {
        body = body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
      }
      throw new LineageSinkException(
          status < 0 || RETRYABLE.contains(status),
          "DataHub at %s rejected %s: HTTP %s %s%s",
          config.server(),
          what,
          status < 0 ? "?" : status,
          body == null ? "" : body,
          status == 401 || status == 403 ? " (check the access token)" : "");
    }
  }

  private static int statusOf(MetadataWriteResponse response) {
    Object underlying = response.getUnderlyingResponse();
    if (underlying instanceof datahub.shaded.org.apache.hc.core5.http.HttpResponse http) {
      return http.getCode();
    }
    return -1;
  }

  @Override
  public String describe() {
    return "DataHub REST " + config.server();
  }

  @Override
  public void close() {
    try {
      emitter.close();
    } catch (IOException e) {
      throw new LineageException(e, "Cannot close DataHub REST emitter for %s", config.server());
    }
  }
}
