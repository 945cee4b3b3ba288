/**
 * Customer 360: one row per current customer with order, RFM, lifetime-value and clickstream
 * metrics, segment, activity status and churn risk, as of the end of a UTC day. {@link
 * io.gridata.spark.customer360.Customer360} is the pure computation over three DataFrames; {@link
 * io.gridata.spark.customer360.Customer360Job} reads the orders, customers and clickstream tables
 * and replaces the Customer 360 table in one audited commit.
 */
package io.gridata.spark.customer360;
