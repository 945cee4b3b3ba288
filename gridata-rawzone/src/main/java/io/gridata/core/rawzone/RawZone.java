package io.gridata.core.rawzone;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.rawzone.internal.RawZones;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The landing area of raw files: {@code raw/<domain>/<dataset>/YYYY-MM-DD/<file>} under a root on
 * S3 or on the local file system, with the same behaviour on both.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A landed file appears whole or not at all (S3 objects are atomic; local files are written
 *       to a hidden temporary name and renamed). Its SHA-256 is computed while streaming and
 *       written to the {@code <file>.sha256} sidecar: after the file, except on S3 for a file sent
 *       in one PUT (up to the multipart threshold), whose sidecar is sent during the PUT and
 *       deleted again if the PUT fails (best effort: if the delete fails too, it is logged, and the
 *       sidecar stays, listed by {@link #ignored}, until the file is landed again). The existence
 *       check never lets a landing write the sidecar of a file that is already there. Land a key
 *       from one process at a time: the check and the upload are two requests, so two landings of
 *       one key at once can both find it free.
 *   <li>Nothing disappears silently: a file leaves {@code raw/<domain>/...} only by {@link #reject}
 *       (into {@code raw/rejected/...} with a JSON manifest beside it), and leaves the rejected
 *       tree only by {@link #replay} or {@link #discard}, both of which first write an {@link
 *       AuditRecord} under {@code raw/_audit/}.
 *   <li>Transient S3 faults are retried per the config's {@link io.gridata.core.retry.RetryPolicy}.
 * </ul>
 *
 * <pre>{@code
 * try (RawZone zone = RawZone.open("s3://lake/landing")) {
 *   RawKey key = RawKey.of("ecommerce", "orders", LocalDate.now(), "orders-1.csv");
 *   LandedFile landed = zone.land(key, Path.of("orders-1.csv"));
 *   List<RawObject> today = zone.list(key.partition());
 * }
 * }</pre>
 */
public interface RawZone extends AutoCloseable {

  /**
   * Opens the zone at {@code location}: {@code file:///path}, a plain path, or {@code
   * s3://bucket/prefix} with credentials from the AWS default chain.
   */
  static RawZone open(String location) {
    return open(RawZoneConfig.builder(location).build());
  }

  /** Opens the zone {@code config} describes. */
  static RawZone open(RawZoneConfig config) {
    return RawZones.open(config);
  }

  /** The zone's configuration. */
  RawZoneConfig config();

  /** The URI of {@code path} (zone-relative), e.g. {@code s3://bucket/prefix/raw/...}. */
  URI uri(String path);

  /**
   * Copies the file at {@code source} to {@code key}, computing its SHA-256.
   *
   * @throws InvalidInputException when {@code key} already exists (a landed file is never
   *     overwritten: land under another name)
   * @throws GridataException when the source cannot be read or the store fails after retries
   */
  LandedFile land(RawKey key, Path source);

  /**
   * Streams {@code source} to {@code key}, computing its SHA-256; multipart above the configured
   * threshold, never holding more than one part in memory. The caller closes {@code source}.
   *
   * @throws InvalidInputException when {@code key} already exists
   */
  LandedFile land(RawKey key, InputStream source);

  /** Metadata of {@code key}, empty when it does not exist. */
  Optional<RawObject> stat(RawKey key);

  /**
   * The data files of one day of one dataset, sorted by name; checksum sidecars, rejected files and
   * temporary files are not included.
   */
  List<RawObject> list(RawPartition partition);

  /**
   * The objects of one day's folder that {@link #list} leaves out although someone put them there:
   * names starting with {@code .} (hidden or temporary files, including a landing still in
   * progress) and {@code .sha256} sidecars whose data file is missing, sorted by name, each with
   * what to do. Rejection manifests and the sidecars of data files are not reported.
   */
  List<IgnoredFile> ignored(RawPartition partition);

  /**
   * Opens {@code key} for reading; the caller closes the stream.
   *
   * @throws NotFoundException when it does not exist
   */
  InputStream open(RawKey key);

  /**
   * Reads {@code length} bytes of {@code key} from {@code offset} (for footers and magic bytes).
   *
   * @throws NotFoundException when it does not exist
   */
  byte[] readRange(RawKey key, long offset, int length);

  /** The hex SHA-256 written in the {@code <file>.sha256} sidecar, or the raw sidecar text. */
  Optional<String> sidecar(RawKey key);

  /**
   * Moves {@code key} (and its sidecar) to {@code raw/rejected/...} and writes {@code manifest} as
   * JSON beside it. The copy and manifest are written before the original is deleted, so a crash
   * leaves the file in both places, never in none. When the rejected tree already holds a file of
   * that name (a bad file re-sent under the same name), the file is rejected under a fresh name,
   * {@code <name>.resent-<n>.<ext>}, with its own manifest, and the earlier one is kept; the
   * returned {@link RejectedFile#key()} is then the fresh name.
   *
   * @throws NotFoundException when {@code key} does not exist
   */
  RejectedFile reject(RawKey key, RejectionManifest manifest);

  /** The rejected files of one day of one dataset, with their manifests, sorted by name. */
  List<RejectedFile> listRejected(RawPartition partition);

  /** The rejected file whose original location is {@code key}, if any. */
  Optional<RejectedFile> rejected(RawKey key);

  /**
   * Moves a rejected file back to its original place (to be validated again), records an audit
   * entry holding the manifest, and removes the manifest.
   *
   * @throws NotFoundException when there is no rejected file for {@code key}
   * @throws InvalidInputException when a file already exists at the original place
   */
  AuditRecord replay(RawKey key, String reason);

  /**
   * Deletes a rejected file, its sidecar and manifest after writing an audit entry that keeps the
   * manifest, size and checksum. The only operation that deletes data.
   *
   * @throws NotFoundException when there is no rejected file for {@code key}
   */
  AuditRecord discard(RawKey key, String reason);

  /** Audit records of one day (by the day the action was taken), oldest first. */
  List<String> auditRecords(java.time.LocalDate day);

  /** Releases the S3 client; a no-op for the local backend. */
  @Override
  void close();
}
