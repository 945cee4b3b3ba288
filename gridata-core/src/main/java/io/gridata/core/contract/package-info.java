/**
 * Data contracts: the columns a raw dataset must carry ({@link
 * io.gridata.core.contract.DataContract}, {@link io.gridata.core.contract.ColumnSpec}). Plain
 * values, reused by the Spark readers; each dataset declares its contract with its spec (the
 * shipped ones in gridata-spark, e.g. {@code OrdersSpec.CONTRACT}).
 */
package io.gridata.core.contract;
