package io.gridata.core.rawzone;

import io.gridata.core.retry.TransientFaults;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which S3 failures are worth another attempt: an answer with status 5xx or 429 or a throttling
 * error code, a client-side I/O failure of the SDK, and whatever {@link TransientFaults} accepts.
 * The raw zone's retries use it ({@code new Retrier(policy, S3Faults::isTransient)}); so can an
 * application that calls S3 itself.
 */
public final class S3Faults {
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

  private S3Faults() {}

  /** True when {@code failure} (or a cause) is a transient fault. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SdkServiceException service) {
        int status = service.statusCode();
        if (status >= 500 || status == 429 || service.isThrottlingException()) {
          return true;
        }
        return service instanceof AwsServiceException aws
            && aws.awsErrorDetails() != null
            && THROTTLING_CODES.contains(aws.awsErrorDetails().errorCode());
      }
      if (t instanceof SdkClientException client && client.getCause() instanceof IOException) {
        return true;
      }
    }
    return TransientFaults.isTransient(failure);
  }
}
