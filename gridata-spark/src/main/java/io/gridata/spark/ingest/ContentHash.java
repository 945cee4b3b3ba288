package io.gridata.spark.ingest;

import io.gridata.core.GridataException;
import io.gridata.core.NotFoundException;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawZone;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The SHA-256 of a raw file's bytes as they are now, to compare with what was validated. */
final class ContentHash {
  private ContentHash() {}

  /** Lowercase hex SHA-256 of {@code key}'s content, empty when the file is gone. */
  static Optional<String> sha256(RawZone zone, RawKey key) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    try (InputStream in = new DigestInputStream(zone.open(key), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NotFoundException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new GridataException(e, "Cannot verify %s after reading it: read failed (%s)", key, e);
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }
}
