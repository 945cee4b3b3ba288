package io.gridata.core.retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Decides whether a failure is transient, i.e. worth another attempt: an S3 answer with status 5xx
 * or 429 or a throttling error code, a client-side I/O failure (connection refused or reset, read
 * timeout, truncated response). Authentication errors, 4xx answers and bad input are not.
 */
public final class TransientFaults {
  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottledException",
          "TooManyRequestsException",
          "SlowDown",
          "RequestLimitExceeded",
          "RequestTimeout",
          "RequestTimeoutException",
          "InternalError",
          "ServiceUnavailable");

  private TransientFaults() {}

  /** True when {@code failure} (or a cause) is a transient fault. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SdkServiceException service) {
        int status = service.statusCode();
        if (status >= 500 || status == 429 || service.isThrottlingException()) {
          return true;
        }
        if (service instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
            && aws.awsErrorDetails() != null
            && THROTTLING_CODES.contains(aws.awsErrorDetails().errorCode())) {
          return true;
        }
        return false;
      }
      if (t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof java.io.EOFException
          || t instanceof java.net.http.HttpTimeoutException) {
        return true;
      }
      if (t instanceof SdkClientException client && client.getCause() instanceof IOException) {
        return true;
      }
      if (t instanceof UncheckedIOException && t.getCause() instanceof SocketException) {
        return true;
      }
      if (t instanceof IOException io
          && io.getMessage() != null
          && (io.getMessage().contains("Connection reset")
              || io.getMessage().contains("Unexpected end of file")
              || io.getMessage().contains("Premature EOF"))) {
        return true;
      }
    }
    return false;
  }
}
