package io.gridata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompactionTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "bucket", Types.IntegerType.get()),
          Types.NestedField.optional(3, "note", Types.StringType.get()));

  private static TableFixture stack;
  private final TableOps ops = TableOps.create();

  @BeforeAll
  static void startStack() {
    stack = TableFixture.shared();
  }

  static List<Record> rows(int bucket, long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", id);
      row.setField("bucket", bucket);
      row.setField("note", id % 4 == 0 ? null : "note-" + id);
      rows.add(row);
    }
    return rows;
  }

  static List<String> contents(Table table) {
    table.refresh();
    List<String> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(
          r -> out.add(r.getField("id") + "/" + r.getField("bucket") + "/" + r.getField("note")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  static int dataFiles(Table table) {
    table.refresh();
    int files = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        files++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @Test
  void compactsTheSmallFilesOfAPartitionIntoOneWithoutChangingRows() {
    Table table =
        stack.create(
            "compact", SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("bucket").build());
    for (int i = 0; i < 6; i++) {
      TableFixture.append(table, "main", "load-" + i, rows(0, i * 10L, i * 10L + 10));
    }
    TableFixture.append(table, "main", "load-b1", rows(1, 100, 110));
    TableFixture.append(table, "main", "load-b1b", rows(1, 110, 120));
    List<String> before = contents(table);
    assertThat(dataFiles(table)).isEqualTo(8);

    CompactionPlan plan = ops.compact(table).minInputFiles(3).plan();

    assertThat(plan.groups()).hasSize(1);
    CompactionGroup group = plan.groups().get(0);
    assertThat(group.partition()).isEqualTo("bucket=0");
    assertThat(group.dataFiles()).hasSize(6);
    assertThat(group.inputRecords()).isEqualTo(60);
    assertThat(group.expectedOutputFiles()).isEqualTo(1);
    assertThat(group.hasDeletes()).isFalse();
    assertThat(dataFiles(table)).as("planning writes nothing").isEqualTo(8);

    CompactionResult result = ops.compact(table).minInputFiles(3).runId("compact-1").commit();

    assertThat(result.rewrittenDataFiles()).isEqualTo(6);
    assertThat(result.addedDataFiles()).isEqualTo(1);
    assertThat(result.records()).isEqualTo(60);
    assertThat(result.skippedGroups()).isEmpty();
    assertThat(contents(table)).isEqualTo(before);
    assertThat(dataFiles(table)).isEqualTo(3);
    SnapshotInfo replace = ops.snapshots(table, "main").get(0);
    assertThat(replace.snapshotId()).isEqualTo(result.snapshotId());
    assertThat(replace.operation()).isEqualTo("replace");
    assertThat(replace.runId()).isEqualTo("compact-1");
    assertThat(replace.totalRecords()).isEqualTo(80);
    // nothing left to do
    assertThat(ops.compact(table).minInputFiles(3).plan().groups()).isEmpty();
    assertThat(ops.compact(table).minInputFiles(3).commit().snapshotId()).isNull();
  }

  @Test
  void rejectsOptionsTheIcebergPlannerDoesNotKnow() {
    Table table = stack.create("compact", SCHEMA, PartitionSpec.unpartitioned());
    assertThatThrownBy(() -> ops.compact(table).option("min-input-filez", "2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("min-input-filez")
        .hasMessageContaining("min-input-files");
    assertThat(ops.compact(table).commit().snapshotId()).isNull();
  }
}
