package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

/**
 * Static S3 credentials. {@link #toString()} hides the secret and the key id, so a config printed
 * in a log or exception never leaks them.
 *
 * @param accessKeyId access key id
 * @param secretAccessKey secret access key
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {
  /** Validates the values. */
  public S3Credentials {
    requireNonNull(accessKeyId, "accessKeyId is null");
    requireNonNull(secretAccessKey, "secretAccessKey is null");
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId=****, secretAccessKey=****]";
  }
}
