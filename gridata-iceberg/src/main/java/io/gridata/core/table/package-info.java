/**
 * Operations on Iceberg tables through Iceberg's Java API, without Spark: {@link
 * io.gridata.core.table.TableOps} (snapshot history with Gridata run ids, time travel, safe
 * rollback, publish or discard a staging branch, expiration, compaction) and {@link
 * io.gridata.core.table.ArrowScan} (streamed Apache Arrow reads of a table snapshot).
 *
 * <p>Every method takes an {@link org.apache.iceberg.Table} loaded through any Iceberg {@link
 * org.apache.iceberg.catalog.Catalog} (REST, JDBC, Hive, Glue, Hadoop). Failures are unchecked
 * {@link io.gridata.core.GridataException}s.
 */
package io.gridata.core.table;
