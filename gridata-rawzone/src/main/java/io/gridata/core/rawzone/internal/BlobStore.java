package io.gridata.core.rawzone.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

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
   * Streams {@code in} to {@code path}; the blob appears whole or not at all. The result carries
   * the SHA-256 of what was written, computed in the same pass.
   */
  PutResult put(String path, InputStream in);

  void putBytes(String path, byte[] bytes);

  void move(String from, String to);

  void delete(String path);

  @Override
  void close();
}
