/**
 * Data contracts: the columns a raw dataset must carry ({@link
 * io.gridata.core.contract.DataContract}, {@link io.gridata.core.contract.ColumnSpec}) and the
 * example contracts ({@link io.gridata.core.contract.Contracts}). Plain values, reused by the Spark
 * readers.
 */
package io.gridata.core.contract;
