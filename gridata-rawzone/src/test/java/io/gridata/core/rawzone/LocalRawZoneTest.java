package io.gridata.core.rawzone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The raw-zone suite on the local file system. */
class LocalRawZoneTest extends RawZoneContract {
  private static Path root;
  private static RawZone zone;

  @BeforeAll
  static void open() throws IOException {
    root = Files.createTempDirectory("gridata-local-zone");
    zone =
        RawZone.open(
            RawZoneConfig.local(root)
                .multipartThreshold(RawZoneConfig.MIN_PART_SIZE)
                .partSize(RawZoneConfig.MIN_PART_SIZE)
                .build());
  }

  @AfterAll
  static void close() {
    zone.close();
  }

  @Override
  RawZone zone() {
    return zone;
  }

  @Override
  boolean multipartExpected() {
    return false;
  }

  @Override
  void writeRaw(String path, String text) {
    try {
      Files.writeString(root.resolve(path), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  byte[] readRaw(String path) {
    try {
      return Files.readAllBytes(root.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void deleteRaw(String path) {
    try {
      Files.delete(root.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
