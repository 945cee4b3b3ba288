package io.gridata.core.table;

import java.time.Instant;

/**
 * A pending expiration of old snapshots and stale staging branches, created by {@link
 * TableOps#expire}. Nothing changes until {@link #commit()}.
 *
 * <p>Branches are dropped first (one metadata commit), so the snapshots only they referenced can
 * then be expired by Iceberg's {@code ExpireSnapshots} (a second commit), which also deletes data
 * and manifest files no remaining snapshot references, unless {@link #cleanExpiredFiles(boolean)}
 * turns that off. Iceberg's own rules still apply: the head of every remaining branch and tag is
 * never expired, and per-branch retention properties are honoured.
 */
public interface Expiration {

  /**
   * Expires snapshots committed before {@code cutoff} (default: now, so only {@link
   * #retainLast(int)} protects snapshots).
   */
  Expiration olderThan(Instant cutoff);

  /**
   * Keeps at least the {@code count} most recent snapshots of each branch's history even if they
   * are older than the cutoff (default 1: everything but the current snapshot of {@code main} can
   * go).
   */
  Expiration retainLast(int count);

  /**
   * Also drops branches whose name starts with {@code prefix} (for example {@code gridata-run-})
   * and whose head snapshot was committed before {@code cutoff}. {@code main} is never dropped.
   */
  Expiration dropStaleBranches(String prefix, Instant cutoff);

  /** Whether to delete the files that only expired snapshots referenced (default true). */
  Expiration cleanExpiredFiles(boolean clean);

  /** Applies the expiration and returns what was removed. */
  ExpirationResult commit();
}
