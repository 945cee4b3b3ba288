package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * One generated file in memory: its bytes, its checksum sidecar and its manifest entry. Arrays are
 * shared, not copied: do not modify them.
 *
 * @param spec what was asked for
 * @param content the file's bytes
 * @param sidecar the {@code .sha256} sidecar's bytes ({@code <hex> <file name>\n})
 * @param manifest what the file holds and what a pipeline must make of it
 */
public record GeneratedFile(FileSpec spec, byte[] content, byte[] sidecar, FileManifest manifest) {

  /** Checks that nothing is missing. */
  public GeneratedFile {
    requireNonNull(spec, "spec is null");
    requireNonNull(content, "content is null");
    requireNonNull(sidecar, "sidecar is null");
    requireNonNull(manifest, "manifest is null");
  }

  /** The object key of the file. */
  public String key() {
    return manifest.key();
  }

  /** The sidecar as text. */
  public String sidecarText() {
    return new String(sidecar, StandardCharsets.UTF_8);
  }
}
