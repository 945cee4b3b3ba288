package io.gridata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.arrow.ArrowAllocation;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArrowScanTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "status", Types.StringType.get()),
          Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 2)),
          Types.NestedField.optional(4, "big", Types.DecimalType.of(30, 4)),
          Types.NestedField.optional(5, "small", Types.DecimalType.of(5, 2)),
          Types.NestedField.optional(6, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(7, "day", Types.DateType.get()),
          Types.NestedField.optional(8, "paid", Types.BooleanType.get()));

  /** Every column but {@code big}: iceberg-arrow misreads decimals wider than 18 digits. */
  static final List<String> NARROW_COLUMNS =
      List.of("id", "status", "amount", "small", "ts", "day", "paid");

  static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final String[] STATUSES = {"PAID", "SHIPPED", "CANCELLED"};

  private static TableFixture stack;
  private static Table table;
  private static Snapshot first;
  private static Snapshot second;

  @BeforeAll
  static void createTable() {
    stack = TableFixture.shared();
    table = stack.create("arrow", SCHEMA, PartitionSpec.builderFor(SCHEMA).month("ts").build());
    first = TableFixture.append(table, "main", "run-1", rows(0, 100));
    second = TableFixture.append(table, "main", "run-2", rows(100, 250));
  }

  /** Row {@code id}: every 10th has nulls; ts spreads over three months. */
  static Record row(long id) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    boolean nulls = id % 10 == 7;
    row.setField("status", nulls ? null : STATUSES[(int) (id % 3)]);
    row.setField("amount", nulls ? null : BigDecimal.valueOf(id * 137, 2));
    row.setField(
        "big",
        nulls ? null : new BigDecimal("12345678901234567890.1234").add(BigDecimal.valueOf(id)));
    row.setField("small", nulls ? null : BigDecimal.valueOf(id % 500, 2));
    row.setField("ts", nulls ? null : EPOCH.plusHours(id * 7));
    row.setField("day", nulls ? null : LocalDate.of(2026, 1, 1).plusDays(id % 31));
    row.setField("paid", nulls ? null : id % 2 == 0);
    return row;
  }

  static List<Record> rows(long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(row(id));
    }
    return rows;
  }

  /** Reads every batch into id -> (column -> value) and checks batch hygiene. */
  static Map<Long, Map<String, Object>> readAll(ArrowScan scan) {
    Map<Long, Map<String, Object>> out = new TreeMap<>();
    try (ArrowBatches batches = scan.open()) {
      while (batches.hasNext()) {
        VectorSchemaRoot root = batches.next();
        assertThat(root.getRowCount()).isPositive();
        for (int r = 0; r < root.getRowCount(); r++) {
          Map<String, Object> values = new TreeMap<>();
          for (var vector : root.getFieldVectors()) {
            values.put(vector.getName(), vector.isNull(r) ? null : vector.getObject(r));
          }
          Long id = values.containsKey("id") ? (Long) values.get("id") : (long) out.size();
          out.put(id, values);
        }
      }
      assertThat(batches.rowCount()).isEqualTo(out.size());
    }
    return out;
  }

  @Test
  void readsEveryRowAndColumnWithArrowTypesAndNulls() {
    long before = ArrowAllocation.rootAllocator().getAllocatedMemory();
    Map<Long, Map<String, Object>> rows =
        readAll(ArrowScan.of(table).select(NARROW_COLUMNS).batchSize(16));

    assertThat(rows).hasSize(250);
    for (long id = 0; id < 250; id++) {
      Record expected = row(id);
      Map<String, Object> actual = rows.get(id);
      assertThat(actual.get("status") == null ? null : actual.get("status").toString())
          .as("status of %s", id)
          .isEqualTo(expected.getField("status"));
      assertThat(actual.get("amount"))
          .as("amount of %s", id)
          .isEqualTo(expected.getField("amount"));
      assertThat(actual.get("small")).as("small of %s", id).isEqualTo(expected.getField("small"));
      assertThat(actual.get("paid")).as("paid of %s", id).isEqualTo(expected.getField("paid"));
      OffsetDateTime ts = (OffsetDateTime) expected.getField("ts");
      assertThat(actual.get("ts"))
          .as("ts of %s", id)
          .isEqualTo(ts == null ? null : ts.toInstant().toEpochMilli() * 1000);
      LocalDate day = (LocalDate) expected.getField("day");
      assertThat(actual.get("day"))
          .as("day of %s", id)
          .isEqualTo(day == null ? null : (int) day.toEpochDay());
    }
    assertThat(ArrowAllocation.rootAllocator().getAllocatedMemory()).isEqualTo(before);
  }

  @Test
  void batchesHaveTheIcebergTypesAsArrowVectorsAndAreStreamed() {
    long before = ArrowAllocation.rootAllocator().getAllocatedMemory();
    try (ArrowBatches batches = ArrowScan.of(table).select(NARROW_COLUMNS).batchSize(32).open()) {
      VectorSchemaRoot firstBatch = batches.next();
      assertThat(firstBatch.getRowCount()).isLessThanOrEqualTo(32);
      assertThat(firstBatch.getVector("id")).isInstanceOf(BigIntVector.class);
      assertThat(firstBatch.getVector("status")).isInstanceOf(VarCharVector.class);
      assertThat(firstBatch.getVector("amount")).isInstanceOf(DecimalVector.class);
      assertThat(firstBatch.getVector("small")).isInstanceOf(DecimalVector.class);
      assertThat(firstBatch.getVector("ts")).isInstanceOf(TimeStampMicroTZVector.class);
      assertThat(firstBatch.getVector("day")).isInstanceOf(DateDayVector.class);
      assertThat(firstBatch.getVector("paid")).isInstanceOf(BitVector.class);
      assertThat(batches.snapshotId()).isEqualTo(second.snapshotId());
      while (batches.hasNext()) {
        batches.next();
      }
      assertThat(batches.batchCount()).isGreaterThanOrEqualTo(250 / 32);
      assertThat(batches.rowCount()).isEqualTo(250);
      // The batch returned last is still held (valid until close) ...
      assertThat(ArrowAllocation.rootAllocator().getAllocatedMemory()).isGreaterThan(before);
    }
    // ... and close releases everything.
    assertThat(ArrowAllocation.rootAllocator().getAllocatedMemory()).isEqualTo(before);
  }

  @Test
  void projectsOnlyTheSelectedColumns() {
    Map<Long, Map<String, Object>> rows = readAll(ArrowScan.of(table).select("id", "amount"));

    assertThat(rows).hasSize(250);
    assertThat(rows.get(42L)).containsOnlyKeys("id", "amount");
    assertThat(rows.get(42L).get("amount")).isEqualTo(new BigDecimal("57.54"));
  }

  @Test
  void filterReturnsExactlyTheMatchingRowsEvenInsideARowGroup() {
    long before = ArrowAllocation.rootAllocator().getAllocatedMemory();
    Map<Long, Map<String, Object>> rows =
        readAll(
            ArrowScan.of(table)
                .select("id")
                .filter(Expressions.equal("status", "SHIPPED"))
                .filter(Expressions.greaterThanOrEqual("amount", new BigDecimal("100.00")))
                .batchSize(10));

    List<Long> expected = new ArrayList<>();
    for (long id = 0; id < 250; id++) {
      Record row = row(id);
      if ("SHIPPED".equals(row.getField("status"))
          && ((BigDecimal) row.getField("amount")).compareTo(new BigDecimal("100.00")) >= 0) {
        expected.add(id);
      }
    }
    assertThat(expected).isNotEmpty();
    assertThat(rows.keySet()).containsExactlyElementsOf(expected);
    assertThat(rows.values()).allSatisfy(values -> assertThat(values).containsOnlyKeys("id"));
    assertThat(ArrowAllocation.rootAllocator().getAllocatedMemory()).isEqualTo(before);
  }

  @Test
  void filterOnNullsAndTimestamps() {
    Map<Long, Map<String, Object>> nulls =
        readAll(ArrowScan.of(table).select("id").filter(Expressions.isNull("status")));
    assertThat(nulls.keySet()).allMatch(id -> id % 10 == 7).hasSize(25);

    Map<Long, Map<String, Object>> january =
        readAll(
            ArrowScan.of(table)
                .select("id", "ts")
                .filter(Expressions.lessThan("ts", "2026-02-01T00:00:00+00:00")));
    // ts = 2026-01-01 + 7h * id: January holds ids 0..106 (106 * 7 = 742 h < 744 h), minus nulls.
    List<Long> expected = new ArrayList<>();
    for (long id = 0; id <= 106; id++) {
      if (id % 10 != 7) {
        expected.add(id);
      }
    }
    assertThat(january.keySet()).containsExactlyElementsOf(expected);
  }

  @Test
  void timeTravelReadsAnOlderSnapshot() {
    Map<Long, Map<String, Object>> rows =
        readAll(ArrowScan.of(table).select("id").useSnapshot(first.snapshotId()));
    assertThat(rows.keySet()).hasSize(100).allMatch(id -> id < 100);

    try (ArrowBatches batches =
        ArrowScan.of(table).select("id").useSnapshot(first.snapshotId()).open()) {
      assertThat(batches.snapshotId()).isEqualTo(first.snapshotId());
    }
    assertThatThrownBy(() -> ArrowScan.of(table).useSnapshot(42L).open())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("snapshot 42");
  }

  @Test
  void refusesDecimalsWiderThan18DigitsInsteadOfMisreadingThem() {
    assertThatThrownBy(() -> ArrowScan.of(table).select("id", "big").open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("big decimal(30, 4)");
    assertThatThrownBy(() -> ArrowScan.of(table).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("big");
  }

  @Test
  void rejectsUnknownColumnsAndTwoReadPoints() {
    assertThatThrownBy(() -> ArrowScan.of(table).select("nope").open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> ArrowScan.of(table).useSnapshot(1L).useRef("main"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void rejectsColumnTypesIcebergArrowCannotRead() {
    Schema nested =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())));
    Table withList = stack.create("nested", nested, PartitionSpec.unpartitioned());

    assertThatThrownBy(() -> ArrowScan.of(withList).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tags list<string>");
    try (ArrowBatches batches = ArrowScan.of(withList).select("id").open()) {
      assertThat(batches.hasNext()).isFalse();
    }
  }
}
