package io.gridata.core.rawzone.internal;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/** The raw zone on the local file system: the embedded default. */
final class LocalBlobStore implements BlobStore {
  private final Path root;

  LocalBlobStore(Path root) {
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
  }

  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new InvalidInputException("Invalid raw-zone path '%s': escapes the zone root", path);
    }
    return resolved;
  }

  @Override
  public URI uri(String path) {
    return resolve(path).toUri();
  }

  @Override
  public Optional<BlobStat> head(String path) {
    Path file = resolve(path);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(stat(path, attributes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure(e, "stat", path);
    }
  }

  private static BlobStat stat(String path, BasicFileAttributes attributes) {
    long size = attributes.size();
    var modified = attributes.lastModifiedTime().toInstant();
    String etag =
        Long.toHexString(size)
            + "-"
            + Long.toHexString(modified.getEpochSecond())
            + Integer.toHexString(modified.getNano());
    return new BlobStat(path, size, etag, modified, Optional.empty());
  }

  @Override
  public List<BlobStat> list(String prefix) {
    Path dir = resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<BlobStat> result = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        try {
          BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class);
          if (attributes.isRegularFile()) {
            result.add(stat(prefix + name, attributes));
          }
        } catch (NoSuchFileException vanished) {
          // moved away between listing and stat: not there any more
        }
      }
    } catch (IOException e) {
      throw failure(e, "list", prefix);
    }
    result.sort(Comparator.comparing(BlobStat::path));
    return result;
  }

  @Override
  public InputStream get(String path) {
    try {
      return Files.newInputStream(resolve(path));
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Cannot read %s: no such file", uri(path));
    } catch (IOException e) {
      throw failure(e, "read", path);
    }
  }

  @Override
  public byte[] getRange(String path, long offset, int length) {
    try (FileChannel channel = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
      long available = Math.max(0, channel.size() - offset);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
      long position = offset;
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position);
        if (read < 0) {
          break;
        }
        position += read;
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip();
      buffer.get(bytes);
      return bytes;
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Cannot read %s: no such file", uri(path));
    } catch (IOException e) {
      throw failure(e, "read", path);
    }
  }

  /** Checks, writes the file, then its sidecar, one after the other (a local write is quick). */
  @Override
  public Optional<PutResult> putNew(
      String path, InputStream in, String sidecarPath, Function<String, byte[]> sidecar) {
    if (head(path).isPresent()) {
      return Optional.empty();
    }
    PutResult put = write(path, in);
    putBytes(sidecarPath, sidecar.apply(put.sha256()));
    return Optional.of(put);
  }

  /**
   * Streams {@code in} to a hidden temporary file, hashing it in the same pass, and links it into
   * place; refuses to replace a file.
   */
  private PutResult write(String path, InputStream in) {
    Path target = resolve(path);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = target.resolveSibling(".gridata-tmp-" + UUID.randomUUID());
      long size;
      MessageDigest digest = BlobRawZone.sha256();
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        size = new DigestInputStream(in, digest).transferTo(out);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      publish(temp, target, path);
      return new PutResult(
          size,
          head(path).map(BlobStat::etag).orElse(""),
          false,
          HexFormat.of().formatHex(digest.digest()));
    } catch (IOException e) {
      throw failure(e, "write", path);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a hidden temporary file is never listed
        }
      }
    }
  }

  /** Makes {@code temp} visible as {@code target} atomically, refusing to replace a file. */
  private void publish(Path temp, Path target, String path) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidInputException(
          "Cannot write %s: a file already exists there; nothing was overwritten", uri(path));
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      if (Files.exists(target)) {
        throw new InvalidInputException(
            "Cannot write %s: a file already exists there; nothing was overwritten", uri(path));
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    }
  }

  @Override
  public void putBytes(String path, byte[] bytes) {
    Path target = resolve(path);
    try {
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling(".gridata-tmp-" + UUID.randomUUID());
      Files.write(temp, bytes, StandardOpenOption.CREATE_NEW);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw failure(e, "write", path);
    }
  }

  @Override
  public void move(String from, String to) {
    Path source = resolve(from);
    Path target = resolve(to);
    try {
      Files.createDirectories(target.getParent());
      try {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Cannot move %s: no such file", uri(from));
    } catch (IOException e) {
      throw failure(e, "move", from);
    }
  }

  @Override
  public void delete(String path) {
    try {
      Files.deleteIfExists(resolve(path));
    } catch (IOException e) {
      throw failure(e, "delete", path);
    }
  }

  @Override
  public void close() {}

  private GridataException failure(IOException e, String action, String path) {
    return new StorageException(
        false,
        e,
        "Cannot %s %s: %s",
        action,
        uri(path),
        e.getClass().getSimpleName() + ": " + e.getMessage());
  }
}
