package io.gridata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TableOpsTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  private static TableFixture stack;
  private final TableOps ops = TableOps.create();

  @BeforeAll
  static void startStack() {
    stack = TableFixture.shared();
  }

  static List<Record> rows(long from, long to) {
    List<Record> rows = new ArrayList<>();
    LongStream.range(from, to)
        .forEach(
            id -> {
              Record row = GenericRecord.create(SCHEMA);
              row.setField("id", id);
              row.setField("name", "n" + id);
              rows.add(row);
            });
    return rows;
  }

  static List<Long> ids(Table table, String ref) {
    table.refresh();
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(table.snapshot(ref).snapshotId()).build()) {
      records.forEach(record -> ids.add((Long) record.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ids.sort(null);
    return ids;
  }

  private Table newTable() {
    return stack.create("ops", SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void listsSnapshotsOfABranchNewestFirstWithRunIds() {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", "run-1", rows(0, 3));
    Snapshot second = TableFixture.append(table, "main", null, rows(3, 5));
    Snapshot third = TableFixture.append(table, "main", "run-3", rows(5, 10));

    List<SnapshotInfo> history = ops.snapshots(table, "main");

    assertThat(history)
        .extracting(SnapshotInfo::snapshotId)
        .containsExactly(third.snapshotId(), second.snapshotId(), first.snapshotId());
    assertThat(history).extracting(SnapshotInfo::runId).containsExactly("run-3", null, "run-1");
    assertThat(history).extracting(SnapshotInfo::addedRecords).containsExactly(5L, 2L, 3L);
    assertThat(history).extracting(SnapshotInfo::totalRecords).containsExactly(10L, 5L, 3L);
    assertThat(history)
        .extracting(SnapshotInfo::parentId)
        .containsExactly(second.snapshotId(), first.snapshotId(), null);
    assertThat(history).extracting(SnapshotInfo::operation).containsOnly("append");
    assertThat(history.get(0).committedAt())
        .isEqualTo(Instant.ofEpochMilli(third.timestampMillis()));
    assertThat(ops.findRun(table, "main", "run-1"))
        .map(SnapshotInfo::snapshotId)
        .contains(first.snapshotId());
    assertThat(ops.findRun(table, "main", "run-9")).isEmpty();
    assertThatThrownBy(() -> ops.snapshots(table, "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot find branch nope")
        .hasMessageContaining("[main]");
  }

  @Test
  void resolvesSnapshotsByIdTimeAndRef() throws InterruptedException {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", "run-1", rows(0, 2));
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    Snapshot second = TableFixture.append(table, "main", "run-2", rows(2, 4));
    table.manageSnapshots().createTag("audited", first.snapshotId()).commit();

    assertThat(ops.snapshot(table, second.snapshotId()).snapshotId())
        .isEqualTo(second.snapshotId());
    assertThat(ops.snapshotAsOf(table, between).snapshotId()).isEqualTo(first.snapshotId());
    assertThat(ops.snapshotAsOf(table, Instant.now()).snapshotId()).isEqualTo(second.snapshotId());
    assertThat(ops.snapshotOf(table, "audited").snapshotId()).isEqualTo(first.snapshotId());
    assertThat(ops.snapshotOf(table, "main").snapshotId()).isEqualTo(second.snapshotId());
    assertThatThrownBy(() -> ops.snapshot(table, 42L))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot find snapshot 42");
    assertThatThrownBy(
            () -> ops.snapshotAsOf(table, Instant.ofEpochMilli(first.timestampMillis() - 1)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("main had no snapshot yet");
    assertThatThrownBy(() -> ops.snapshotOf(table, "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no such branch or tag");
  }

  @Test
  void rollbackMovesMainWhenItIsAtTheExpectedSnapshot() {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", "run-1", rows(0, 2));
    Snapshot second = TableFixture.append(table, "main", "run-2", rows(2, 4));
    Snapshot third = TableFixture.append(table, "main", "run-3", rows(4, 6));

    RollbackResult result = ops.rollback(table, third.snapshotId(), first.snapshotId());

    assertThat(result.toSnapshotId()).isEqualTo(first.snapshotId());
    assertThat(result.detachedSnapshotIds())
        .containsExactly(third.snapshotId(), second.snapshotId());
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(first.snapshotId());
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L);
  }

  @Test
  void rollbackRefusesAndLeavesMainAloneWhenAnotherWriterCommittedSinceTheCallerLooked() {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", "run-1", rows(0, 2));
    Snapshot second = TableFixture.append(table, "main", "run-2", rows(2, 4));
    long seen = second.snapshotId();
    Snapshot concurrent;
    try (RESTCatalog other = stack.otherClient()) {
      Table theirs = other.loadTable(identifier(table));
      concurrent = TableFixture.append(theirs, "main", "run-other", rows(4, 6));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThatThrownBy(() -> ops.rollback(table, seen, first.snapshotId()))
        .isInstanceOfSatisfying(
            StaleRefException.class,
            stale -> {
              assertThat(stale.ref()).isEqualTo("main");
              assertThat(stale.expectedSnapshotId()).isEqualTo(seen);
              assertThat(stale.actualSnapshotId()).isEqualTo(concurrent.snapshotId());
            })
        .hasMessageContaining("another writer committed in between");
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(concurrent.snapshotId());
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void rollbackCheckAndMoveAreOneCommitSoAWriterBetweenThemIsNeverDetached() {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", "run-1", rows(0, 2));
    Snapshot second = TableFixture.append(table, "main", "run-2", rows(2, 4));
    RESTCatalog other = stack.otherClient();
    Table theirs = other.loadTable(identifier(table));
    List<Long> raced = new ArrayList<>();
    // The real catalog commit, preceded (once) by another writer's real commit: the race window
    // between rollback's check and its commit, made deterministic.
    TableOperations real = ((HasTableOperations) table).operations();
    TableOperations racing =
        new ForwardingOps(real) {
          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            if (raced.isEmpty()) {
              raced.add(TableFixture.append(theirs, "main", "run-other", rows(4, 6)).snapshotId());
            }
            super.commit(base, metadata);
          }
        };
    Table racy = new BaseTable(racing, table.name());

    assertThatThrownBy(() -> ops.rollback(racy, second.snapshotId(), first.snapshotId()))
        .isInstanceOf(StaleRefException.class);

    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(raced).hasSize(1);
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(raced.get(0));
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    try {
      other.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rollbackRejectsATargetThatIsNotAnAncestorOrDoesNotExist() {
    Table table = newTable();
    Snapshot first = TableFixture.append(table, "main", null, rows(0, 2));
    table.manageSnapshots().createBranch("side", first.snapshotId()).commit();
    Snapshot side = TableFixture.append(table, "side", null, rows(2, 3));
    Snapshot second = TableFixture.append(table, "main", null, rows(3, 4));

    assertThatThrownBy(() -> ops.rollback(table, second.snapshotId(), side.snapshotId()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not an ancestor");
    assertThatThrownBy(() -> ops.rollback(table, second.snapshotId(), 42L))
        .isInstanceOf(NotFoundException.class);
    assertThat(ops.rollback(table, second.snapshotId(), second.snapshotId()).detachedSnapshotIds())
        .isEmpty();
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(second.snapshotId());
  }

  @Test
  void publishFastForwardsMainToTheStagingBranchAndDropsIt() {
    Table table = newTable();
    Snapshot base = TableFixture.append(table, "main", "run-1", rows(0, 2));
    table.manageSnapshots().createBranch("gridata-run-2", base.snapshotId()).commit();
    Snapshot staged = TableFixture.append(table, "gridata-run-2", "run-2", rows(2, 5));
    assertThat(ids(table, "main")).containsExactly(0L, 1L);

    SnapshotInfo published = ops.publish(table, "gridata-run-2");

    assertThat(published.snapshotId()).isEqualTo(staged.snapshotId());
    assertThat(published.runId()).isEqualTo("run-2");
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(staged.snapshotId());
    assertThat(reloaded.refs()).containsOnlyKeys("main");
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThatThrownBy(() -> ops.publish(table, "gridata-run-2"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot find branch gridata-run-2");
  }

  @Test
  void publishRefusesWhenMainMovedSinceTheBranchWasCreated() {
    Table table = newTable();
    Snapshot base = TableFixture.append(table, "main", null, rows(0, 2));
    table.manageSnapshots().createBranch("gridata-run-7", base.snapshotId()).commit();
    TableFixture.append(table, "gridata-run-7", "run-7", rows(2, 3));
    Snapshot moved = TableFixture.append(table, "main", "run-8", rows(3, 4));

    assertThatThrownBy(() -> ops.publish(table, "gridata-run-7"))
        .isInstanceOfSatisfying(
            StaleRefException.class,
            stale -> {
              assertThat(stale.expectedSnapshotId()).isEqualTo(base.snapshotId());
              assertThat(stale.actualSnapshotId()).isEqualTo(moved.snapshotId());
            });
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(moved.snapshotId());
    assertThat(reloaded.refs()).containsKey("gridata-run-7");
  }

  @Test
  void publishRefusesAsStaleWhenMainMovesBetweenItsCheckAndTheFastForward() {
    Table table = newTable();
    Snapshot base = TableFixture.append(table, "main", null, rows(0, 2));
    table.manageSnapshots().createBranch("gridata-run-9", base.snapshotId()).commit();
    TableFixture.append(table, "gridata-run-9", "run-9", rows(2, 3));
    RESTCatalog other = stack.otherClient();
    Table theirs = other.loadTable(identifier(table));
    List<Long> raced = new ArrayList<>();
    AtomicInteger refreshes = new AtomicInteger();
    // another run publishes to main after publish checked main (its first refresh) and before
    // Iceberg's ManageSnapshots loads the table again (the second): two runs of different days
    // at once. Iceberg then refuses the fast-forward itself, with an IllegalArgumentException
    TableOperations real = ((HasTableOperations) table).operations();
    TableOperations racing =
        new ForwardingOps(real) {
          @Override
          public TableMetadata refresh() {
            if (refreshes.incrementAndGet() == 2) {
              raced.add(TableFixture.append(theirs, "main", "run-10", rows(3, 4)).snapshotId());
            }
            return super.refresh();
          }
        };
    Table racy = new BaseTable(racing, table.name());

    assertThatThrownBy(() -> ops.publish(racy, "gridata-run-9"))
        .isInstanceOfSatisfying(
            StaleRefException.class,
            stale -> {
              assertThat(stale.expectedSnapshotId()).isEqualTo(base.snapshotId());
              assertThat(stale.actualSnapshotId()).isEqualTo(raced.get(0));
            });
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(raced).hasSize(1);
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(raced.get(0));
    assertThat(reloaded.refs()).containsKey("gridata-run-9");
    try {
      other.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void discardDropsTheBranchAndLeavesMainUntouched() {
    Table table = newTable();
    Snapshot base = TableFixture.append(table, "main", null, rows(0, 2));
    table.manageSnapshots().createBranch("gridata-run-3", base.snapshotId()).commit();
    TableFixture.append(table, "gridata-run-3", "run-3", rows(2, 9));

    ops.discard(table, "gridata-run-3");

    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.refs()).containsOnlyKeys("main");
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(base.snapshotId());
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L);
    assertThatThrownBy(() -> ops.discard(table, "gridata-run-3"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ops.discard(table, "main")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void expireRemovesOldSnapshotsAndStaleStagingBranches() throws InterruptedException {
    Table table = newTable();
    Snapshot s1 = TableFixture.append(table, "main", null, rows(0, 1));
    Snapshot s2 = TableFixture.append(table, "main", null, rows(1, 2));
    table.manageSnapshots().createBranch("gridata-run-old", s2.snapshotId()).commit();
    Snapshot oldStaged = TableFixture.append(table, "gridata-run-old", "old", rows(2, 3));
    Snapshot s3 = TableFixture.append(table, "main", null, rows(3, 4));
    Thread.sleep(20);
    Instant cutoff = Instant.now();
    Thread.sleep(20);
    table.manageSnapshots().createBranch("gridata-run-new", s3.snapshotId()).commit();
    Snapshot newStaged = TableFixture.append(table, "gridata-run-new", "new", rows(4, 5));
    Snapshot s4 = TableFixture.append(table, "main", null, rows(5, 6));

    ExpirationResult result =
        ops.expire(table)
            .olderThan(cutoff)
            .retainLast(2)
            .dropStaleBranches("gridata-run-", cutoff)
            .commit();

    assertThat(result.droppedBranches()).containsExactly("gridata-run-old");
    assertThat(result.expiredSnapshotIds())
        .containsExactlyInAnyOrder(s1.snapshotId(), s2.snapshotId(), oldStaged.snapshotId());
    Table reloaded = stack.catalog.loadTable(identifier(table));
    assertThat(reloaded.refs()).containsOnlyKeys("main", "gridata-run-new");
    List<Long> left = new ArrayList<>();
    reloaded.snapshots().forEach(snapshot -> left.add(snapshot.snapshotId()));
    assertThat(left)
        .containsExactlyInAnyOrder(s3.snapshotId(), s4.snapshotId(), newStaged.snapshotId());
    assertThat(ids(reloaded, "main")).containsExactly(0L, 1L, 3L, 5L);
  }

  static TableIdentifier identifier(Table table) {
    // REST table names are "<catalog>.<namespace>.<table>"
    String name = table.name();
    return TableIdentifier.parse(name.substring(name.indexOf('.') + 1));
  }

  /** Forwards every call to real table operations; tests override one method to add a race. */
  static class ForwardingOps implements TableOperations {
    private final TableOperations delegate;

    ForwardingOps(TableOperations delegate) {
      this.delegate = delegate;
    }

    @Override
    public TableMetadata current() {
      return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
      return delegate.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      delegate.commit(base, metadata);
    }

    @Override
    public FileIO io() {
      return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
      return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return delegate.locationProvider();
    }

    @Override
    public long newSnapshotId() {
      return delegate.newSnapshotId();
    }
  }
}
