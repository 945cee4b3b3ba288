package io.gridata.core.table;

import static java.util.Objects.requireNonNull;

import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.ingest.SnapshotSummaryKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.util.PartitionUtil;

/**
 * {@link Compaction} with Iceberg's planner and commit manager and Iceberg's generic (iceberg-data)
 * readers and writers in this JVM.
 */
final class GenericCompaction implements Compaction {
  private final Table table;
  private final Map<String, String> options = new HashMap<>();
  private Expression filter = Expressions.alwaysTrue();
  private String runId;

  GenericCompaction(Table table) {
    this.table = table;
  }

  @Override
  public Compaction filter(Expression newFilter) {
    this.filter = requireNonNull(newFilter, "filter is null");
    return this;
  }

  @Override
  public Compaction targetFileSizeBytes(long bytes) {
    InvalidInputException.check(bytes > 0, "Cannot compact to files of %s bytes: use > 0", bytes);
    return option(SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES, Long.toString(bytes));
  }

  @Override
  public Compaction minInputFiles(int count) {
    InvalidInputException.check(count >= 1, "Cannot compact groups of %s files: use >= 1", count);
    return option(SizeBasedFileRewritePlanner.MIN_INPUT_FILES, Integer.toString(count));
  }

  @Override
  public Compaction option(String key, String value) {
    requireNonNull(key, "key is null");
    requireNonNull(value, "value is null");
    Set<String> valid = new BinPackRewriteFilePlanner(table).validOptions();
    InvalidInputException.check(
        valid.contains(key),
        "Cannot set compaction option %s: unknown to Iceberg's bin-pack planner (valid: %s)",
        key,
        valid);
    options.put(key, value);
    return this;
  }

  @Override
  public Compaction runId(String newRunId) {
    this.runId = requireNonNull(newRunId, "runId is null");
    return this;
  }

  @Override
  public CompactionPlan plan() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new CompactionPlan(null, List.of());
    }
    List<CompactionGroup> groups = new ArrayList<>();
    for (RewriteFileGroup group : planGroups(current)) {
      groups.add(describe(group));
    }
    return new CompactionPlan(current.snapshotId(), groups);
  }

  @Override
  public CompactionResult commit() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new CompactionResult(null, 0, 0, 0, 0, 0, List.of());
    }
    List<CompactionGroup> skipped = new ArrayList<>();
    List<RewriteFileGroup> rewritten = new ArrayList<>();
    String operationId = "gridata-compact-" + UUID.randomUUID();
    Map<String, String> summary =
        runId == null ? Map.of() : Map.of(SnapshotSummaryKeys.RUN_ID, runId);
    RewriteDataFilesCommitManager committer =
        new RewriteDataFilesCommitManager(table, current.snapshotId(), true, summary);
    long records = 0;
    try {
      for (RewriteFileGroup group : planGroups(current)) {
        if (group.fileScanTasks().stream().anyMatch(task -> !task.deletes().isEmpty())) {
          skipped.add(describe(group));
          continue;
        }
        records += rewrite(group, operationId, rewritten.size());
        rewritten.add(group);
      }
    } catch (RuntimeException failure) {
      rewritten.forEach(committer::abortFileGroup);
      throw new GridataException(
          failure,
          "Cannot compact %s: rewriting a file group failed (%s); the files written so far were"
              + " deleted and the table is unchanged",
          table.name(),
          failure.getMessage());
    }
    if (rewritten.isEmpty()) {
      return new CompactionResult(null, 0, 0, 0, 0, 0, skipped);
    }
    committer.commitOrClean(new HashSet<>(rewritten));
    table.refresh();
    int removedFiles = 0;
    int addedFiles = 0;
    long removedBytes = 0;
    long addedBytes = 0;
    for (RewriteFileGroup group : rewritten) {
      removedFiles += group.rewrittenFiles().size();
      addedFiles += group.addedFiles().size();
      removedBytes += group.rewrittenFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
      addedBytes += group.addedFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
    }
    return new CompactionResult(
        table.currentSnapshot().snapshotId(),
        removedFiles,
        addedFiles,
        removedBytes,
        addedBytes,
        records,
        skipped);
  }

  private List<RewriteFileGroup> planGroups(Snapshot current) {
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, filter, current.snapshotId(), false);
    try {
      planner.init(options);
    } catch (IllegalArgumentException invalid) {
      throw new InvalidInputException(
          "Cannot plan compaction of %s: %s (options: %s)",
          table.name(), invalid.getMessage(), options);
    }
    List<RewriteFileGroup> groups = new ArrayList<>();
    try (CloseableIterable<RewriteFileGroup> planned = planner.plan().groups()) {
      planned.forEach(groups::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan compaction of " + table.name(), e);
    }
    return groups;
  }

  /** Rewrites one group into new files (not yet committed); returns the records copied. */
  private long rewrite(RewriteFileGroup group, String operationId, int index) {
    Schema schema = table.schema();
    PartitionSpec spec = table.specs().get(group.outputSpecId());
    FileFormat format =
        FileFormat.fromString(
            table
                .properties()
                .getOrDefault(
                    TableProperties.DEFAULT_FILE_FORMAT,
                    TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, index, 0)
            .format(format)
            .operationId(operationId)
            .defaultSpec(spec)
            .build();
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    PartitionKey key = new PartitionKey(spec, schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    String nameMapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    long records = 0;
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(writers, files, table.io(), group.maxOutputFileSize());
    try {
      for (FileScanTask task : group.fileScanTasks()) {
        ReadBuilder<Record, Schema> read =
            FormatModelRegistry.<Record, Schema>readBuilder(
                    task.file().format(), Record.class, table.io().newInputFile(task.file()))
                .project(schema)
                .split(task.start(), task.length())
                .idToConstant(
                    PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant));
        if (nameMapping != null) {
          read.withNameMapping(NameMappingParser.fromJson(nameMapping));
        }
        try (CloseableIterable<Record> rows = read.build()) {
          for (Record row : rows) {
            key.partition(wrapper.wrap(row));
            writer.write(row, spec, key);
            records++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    DataWriteResult result = writer.result();
    group.setOutputFiles(Set.copyOf(result.dataFiles()));
    return records;
  }

  private CompactionGroup describe(RewriteFileGroup group) {
    StructLike partition = group.info().partition();
    PartitionSpec spec = table.specs().get(group.outputSpecId());
    String path = spec.isUnpartitioned() ? "" : spec.partitionToPath(partition);
    List<String> locations = new ArrayList<>();
    long inputRecords = 0;
    boolean deletes = false;
    for (FileScanTask task : group.fileScanTasks()) {
      locations.add(task.file().location());
      inputRecords += task.file().recordCount();
      deletes |= !task.deletes().isEmpty();
    }
    return new CompactionGroup(
        path,
        locations,
        group.inputFilesSizeInBytes(),
        inputRecords,
        group.expectedOutputFiles(),
        deletes);
  }
}
