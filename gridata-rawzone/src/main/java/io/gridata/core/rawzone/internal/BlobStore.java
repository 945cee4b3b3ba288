package io.gridata.core.rawzone.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The few storage primitives the raw zone needs, implemented once per backend; everything else
 * (layout, sidecars, manifests, audit) lives in {@link BlobRawZone} so both backends behave the
 * same. Paths are zone-relative and already validated.
 */
interface BlobStore extends AutoCloseable {
  URI uri(String path);

  Optional<BlobStat> head(String path);

  /** Blobs directly under {@code prefix} (which ends with '/'), sorted by name. */
  List<BlobStat> list(String prefix);

  InputStream get(String path);

  byte[] getRange(String path, long offset, int length);

  /**
   * Streams {@code in} to {@code path} unless a blob is there already, and writes {@code
   * sidecarPath} with {@code sidecar} applied to the hex SHA-256 of the bytes, computed in the same
   * pass. The blob appears whole or not at all. Empty, with nothing written, when {@code path}
   * exists: the sidecar is never written before that check has found {@code path} free. A backend
   * may write the sidecar while the blob is uploaded (it may then show a moment before the blob),
   * and then deletes it when the upload fails.
   */
  Optional<PutResult> putNew(
      String path, InputStream in, String sidecarPath, Function<String, byte[]> sidecar);

  void putBytes(String path, byte[] bytes);

  void move(String from, String to);

  void delete(String path);

  @Override
  void close();
}
