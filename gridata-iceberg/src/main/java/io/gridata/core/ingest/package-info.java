/**
 * Exactly-once file ingestion: the {@link io.gridata.core.ingest.SnapshotSummaryKeys} a commit
 * carries, {@link io.gridata.core.ingest.IngestionCommit} to write and read them, and {@link
 * io.gridata.core.ingest.IcebergLedger}, the ledger derived from a table's snapshot history.
 */
package io.gridata.core.ingest;
