package io.gridata.testkit.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Unpacks a server distribution ({@code .tar.gz}) once, beside the archive, safely in parallel. */
public final class TarGz {
  private TarGz() {}

  /**
   * The entries of {@code archive} under its top-level directory {@code root} that {@code keep}
   * accepts (paths relative to {@code root}), unpacked beside the archive as {@code name}; unpacked
   * first when absent. A half-unpacked directory is never visible: entries go to a private
   * directory that is renamed into place at the end (a concurrent winner is kept). Hard links
   * inside the archive become hard links (or copies where the file system has none).
   */
  public static Path unpackOnce(Path archive, String root, String name, Predicate<String> keep) {
    Path parent = archive.toAbsolutePath().getParent();
    Path target = parent.resolve(name);
    if (Files.isDirectory(target)) {
      return target;
    }
    Path work = parent.resolve(".unpack-" + UUID.randomUUID());
    try {
      unpack(archive, work, root, keep);
      Path unpacked = work.resolve(root);
      if (!Files.isDirectory(unpacked)) {
        throw new IllegalStateException(
            "Cannot unpack " + archive + ": it holds no top-level directory " + root);
      }
      try {
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // another JVM unpacked it first (or the file system cannot rename atomically): keep theirs
        if (!Files.isDirectory(target)) {
          throw raced;
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack " + archive + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(work);
    }
  }

  private static void unpack(Path archive, Path into, String root, Predicate<String> keep)
      throws IOException {
    String prefix = root + "/";
    Predicate<String> kept =
        name -> name.startsWith(prefix) && keep.test(name.substring(prefix.length()));
    // Pass 1: hard links that are kept but whose target is not (e.g. a jar shared with a plugin
    // left out). The archive holds each target before its links, so pass 2 can stash them.
    Set<String> stash = new HashSet<>();
    try (TarArchiveInputStream tar = open(archive)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isLink() && kept.test(entry.getName()) && !kept.test(entry.getLinkName())) {
          stash.add(entry.getLinkName());
        }
      }
    }
    Path stashed = into.resolve(".stash");
    try (TarArchiveInputStream tar = open(archive)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (stash.contains(name) && entry.isFile()) {
          Path out = inside(stashed, name);
          Files.createDirectories(out.getParent());
          Files.copy(tar, out);
          continue;
        }
        if (!kept.test(name)) {
          continue;
        }
        Path out = inside(into, name);
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isLink()) {
          Files.createDirectories(out.getParent());
          String target = entry.getLinkName();
          Path existing = stash.contains(target) ? inside(stashed, target) : inside(into, target);
          try {
            Files.createLink(out, existing);
          } catch (UnsupportedOperationException | IOException noHardLinks) {
            Files.copy(existing, out);
          }
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else if (entry.isFile()) {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out);
          if ((entry.getMode() & 0100) != 0) {
            out.toFile().setExecutable(true);
          }
        }
      }
    }
  }

  private static TarArchiveInputStream open(Path archive) throws IOException {
    InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    try {
      return new TarArchiveInputStream(new GzipCompressorInputStream(file));
    } catch (IOException e) {
      file.close();
      throw e;
    }
  }

  private static Path inside(Path into, String name) throws IOException {
    Path out = into.resolve(name).normalize();
    if (!out.startsWith(into)) {
      throw new IOException("entry " + name + " points outside the archive");
    }
    return out;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover work directory is harmless: it is never read
    }
  }
}
