package io.gridata.samples.cli;

import io.gridata.core.StorageException;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneProperties;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The first request to an S3 raw zone, made before Spark starts: a listing of the day's partition.
 * A refusal that retrying cannot fix (unknown key, bad signature, no such bucket, access denied) is
 * a configuration error, reported as a usage error (exit 2) that names the setting to fix; a
 * transient fault (no answer, 5xx) is left to fail the command with exit 1, which a scheduler may
 * retry.
 */
final class S3ZoneCheck {
  private static final Map<String, String> FIX_BY_CODE =
      Map.of(
          "InvalidAccessKeyId",
          "the server does not know the access key: check "
              + RawZoneProperties.S3_ACCESS_KEY_ID
              + " (or the AWS default credential chain)",
          "SignatureDoesNotMatch",
          "the request signature does not match: check "
              + RawZoneProperties.S3_SECRET_ACCESS_KEY
              + " and "
              + RawZoneProperties.S3_REGION,
          "NoSuchBucket",
          "the bucket does not exist: check the bucket in --raw and "
              + RawZoneProperties.S3_ENDPOINT,
          "AccessDenied",
          "access denied: the credentials ("
              + RawZoneProperties.S3_ACCESS_KEY_ID
              + " or the AWS default chain) need s3:ListBucket, s3:GetObject, s3:PutObject and"
              + " s3:DeleteObject on the zone",
          "PermanentRedirect",
          "the bucket lives in another region: check " + RawZoneProperties.S3_REGION);

  private S3ZoneCheck() {}

  /**
   * Lists {@code partition} of {@code raw} (an S3 zone).
   *
   * @return the refusal explained, naming the setting to fix; empty when the listing worked
   * @throws StorageException when the zone could not be reached (a transient fault)
   */
  static Optional<String> refusal(RawZone raw, RawPartition partition) {
    try {
      raw.list(partition);
      return Optional.empty();
    } catch (StorageException e) {
      if (e.isTransient()) {
        throw e;
      }
      Optional<AwsServiceException> service = serviceException(e);
      String fix =
          service
              .map(s -> s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode())
              .map(FIX_BY_CODE::get)
              .orElse(
                  "check "
                      + RawZoneProperties.S3_ENDPOINT
                      + ", "
                      + RawZoneProperties.S3_REGION
                      + ", "
                      + RawZoneProperties.S3_ACCESS_KEY_ID
                      + " and "
                      + RawZoneProperties.S3_SECRET_ACCESS_KEY);
      return Optional.of(
          "cannot list "
              + raw.uri(partition.prefix())
              + ": "
              + fix
              + service.map(s -> " (HTTP " + s.statusCode() + ": " + code(s) + ")").orElse(""));
    }
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
        ? e.awsErrorDetails().errorCode()
        : String.valueOf(e.getMessage());
  }

  private static Optional<AwsServiceException> serviceException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service) {
        return Optional.of(service);
      }
    }
    return Optional.empty();
  }
}
