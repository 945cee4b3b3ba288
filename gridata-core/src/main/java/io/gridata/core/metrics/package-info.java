/**
 * Pipeline metrics on Micrometer, with Prometheus output ({@link
 * io.gridata.core.metrics.RunMetrics}).
 */
package io.gridata.core.metrics;
