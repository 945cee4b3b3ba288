package io.gridata.core.rawzone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload's read of the bytes up to the multipart threshold, whatever the stream says. */
class S3BlobStoreReadTest {
  private static final byte[] CONTENT = random(100_000);

  @Test
  void aStreamThatKnowsItsSizeIsReadWhole() throws IOException {
    assertThat(read(new ByteArrayInputStream(CONTENT), 1 << 20)).isEqualTo(CONTENT);
  }

  @Test
  void aFileOnDiskIsReadWhole(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("file.bin"), CONTENT);
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(in.available()).isEqualTo(CONTENT.length);
      assertThat(S3BlobStore.readUpTo(in, 1 << 20)).isEqualTo(CONTENT);
    }
  }

  @Test
  void readingStopsAtTheLimitAndLeavesTheRest() throws IOException {
    InputStream in = new ByteArrayInputStream(CONTENT);
    assertThat(S3BlobStore.readUpTo(in, 60_000)).isEqualTo(Arrays.copyOf(CONTENT, 60_000));
    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(CONTENT, 60_000, CONTENT.length));
  }

  @Test
  void aStreamThatSaysLessThanItHoldsIsStillReadWhole() throws IOException {
    assertThat(read(available(new ByteArrayInputStream(CONTENT), 1_000), 1 << 20))
        .isEqualTo(CONTENT);
    assertThat(read(available(new ByteArrayInputStream(CONTENT), 1_000), 60_000))
        .isEqualTo(Arrays.copyOf(CONTENT, 60_000));
  }

  @Test
  void aStreamThatSaysMoreThanItHoldsIsReadToItsEnd() throws IOException {
    assertThat(read(available(new ByteArrayInputStream(CONTENT), 500_000), 1 << 20))
        .isEqualTo(CONTENT);
  }

  @Test
  void aStreamThatSaysOneByteAsADecompressingOneDoesIsReadWhole() throws IOException {
    assertThat(read(available(new ByteArrayInputStream(CONTENT), 1), 1 << 20)).isEqualTo(CONTENT);
  }

  @Test
  void aStreamThatSaysNothingAndAnEmptyOneAreRead() throws IOException {
    assertThat(read(available(new ByteArrayInputStream(CONTENT), 0), 1 << 20)).isEqualTo(CONTENT);
    assertThat(read(new ByteArrayInputStream(new byte[0]), 1 << 20)).isEmpty();
  }

  private static byte[] read(InputStream in, int limit) throws IOException {
    return S3BlobStore.readUpTo(in, limit);
  }

  private static InputStream available(InputStream in, int claimed) {
    return new FilterInputStream(in) {
      @Override
      public int available() {
        return claimed;
      }
    };
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(3).nextBytes(bytes);
    return bytes;
  }
}
