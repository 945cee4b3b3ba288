package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class LocalDirectoryTarget implements RawTarget {
  private final Path root;

  LocalDirectoryTarget(Path root) {
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
  }

  @Override
  public void put(String key, byte[] content) {
    requireNonNull(content, "content is null");
    Path file = resolve(key);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("Cannot write %s under %s: %s", key, root, e.getMessage()), e);
    }
  }

  @Override
  public String location(String key) {
    return resolve(key).toUri().toString();
  }

  private Path resolve(String key) {
    requireNonNull(key, "key is null");
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException(
          String.format("Cannot use key '%s': it escapes the target root %s", key, root));
    }
    return file;
  }

  @Override
  public String toString() {
    return "LocalDirectoryTarget[" + root + "]";
  }
}
