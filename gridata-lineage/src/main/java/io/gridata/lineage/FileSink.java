package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import com.linkedin.data.DataList;
import com.linkedin.data.DataMap;
import com.linkedin.data.template.JacksonDataTemplateCodec;
import com.linkedin.mxe.MetadataChangeProposal;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes proposals to a JSON file in the format DataHub's {@code file} ingestion source reads: one
 * JSON array of metadata change proposals, each serialised exactly as DataHub's Java {@code
 * FileEmitter} does.
 *
 * <p>Unlike {@code FileEmitter}, the file is valid JSON at every moment: each {@link #flush} writes
 * the complete array to a temporary file in the same directory, forces it to disk and moves it over
 * the target atomically, so a crash mid-run leaves the previous complete array (never a truncated
 * one). The file exists (as {@code []} at least) from {@link #open} on. All methods are
 * synchronized: one sink may be shared by threads. Rewriting the whole array on each flush costs
 * O(total size) per flush, which is cheap at lineage volumes (a few kilobytes per run).
 */
public final class FileSink implements LineageSink {

  /** What to do with an existing file. */
  public enum Mode {
    /** Keep the proposals already in the file and add new ones after them. */
    APPEND,
    /** Start from an empty array. */
    OVERWRITE
  }

  private final Path file;
  private final JacksonDataTemplateCodec codec = new JacksonDataTemplateCodec();
  private final List<String> entries = new ArrayList<>();
  private int durable;
  private boolean closed;

  private FileSink(Path file) {
    this.file = file;
  }

  /**
   * Opens {@code file}, creating its directory, and writes it at once so that it is valid JSON.
   *
   * @throws LineageException if the file exists in {@link Mode#APPEND} but is not a JSON array, or
   *     cannot be written
   */
  public static FileSink open(Path file, Mode mode) {
    requireNonNull(file, "file is null");
    requireNonNull(mode, "mode is null");
    FileSink sink = new FileSink(file.toAbsolutePath());
    try {
      Path parent = sink.file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (mode == Mode.APPEND && Files.exists(sink.file)) {
        sink.readExisting();
      }
      sink.writeAll();
    } catch (IOException e) {
      throw new LineageException(
          e, "Cannot open lineage file %s: %s. Check the path and permissions", file, e);
    }
    return sink;
  }

  private void readExisting() throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return;
    }
    DataList existing;
    try {
      existing = codec.stringToList(text);
    } catch (IOException | RuntimeException e) {
      throw new LineageException(
          e,
          "Cannot append to lineage file %s: it is not a JSON array (%s). Move it away or open "
              + "the sink in OVERWRITE mode",
          file,
          e.getMessage());
    }
    for (Object item : existing) {
      if (!(item instanceof DataMap map)) {
        throw new LineageException(
            "Cannot append to lineage file %s: it holds %s where a proposal object was expected",
            file, item);
      }
      entries.add(codec.mapToString(map));
    }
    durable = entries.size();
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void send(MetadataChangeProposal proposal) {
    requireNonNull(proposal, "proposal is null");
    if (closed) {
      throw new LineageSinkException(false, "Cannot write to lineage file %s: sink closed", file);
    }
    try {
      entries.add(codec.mapToString(proposal.data()));
    } catch (IOException e) {
      throw new LineageSinkException(
          false, e, "Cannot serialise proposal for %s: %s", proposal.getEntityUrn(), e);
    }
  }

  @Override
  public synchronized void flush() {
    if (durable == entries.size()) {
      return;
    }
    try {
      writeAll();
    } catch (IOException e) {
      throw new LineageSinkException(
          true, e, "Cannot write lineage file %s: %s. Check free space and permissions", file, e);
    }
  }

  private void writeAll() throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          Writer writer =
              java.nio.channels.Channels.newWriter(
                  channel, StandardCharsets.UTF_8.newEncoder(), -1)) {
        writer.write("[");
        for (int i = 0; i < entries.size(); i++) {
          writer.write(i == 0 ? "\n" : ",\n");
          writer.write(entries.get(i));
        }
        writer.write(entries.isEmpty() ? "]\n" : "\n]\n");
        writer.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      durable = entries.size();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public String describe() {
    return "file " + file;
  }

  /** Flushes; later sends fail. */
  @Override
  public synchronized void close() {
    if (!closed) {
      flush();
      closed = true;
    }
  }
}
