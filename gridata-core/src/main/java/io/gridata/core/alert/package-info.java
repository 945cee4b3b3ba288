/**
 * Alerts of a run to a JSON webhook or PagerDuty's Events API v2 ({@link
 * io.gridata.core.alert.AlertSink}).
 */
package io.gridata.core.alert;
