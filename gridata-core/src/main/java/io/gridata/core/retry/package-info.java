/**
 * Retry of transient faults: {@link io.gridata.core.retry.RetryPolicy} (attempts and exponential
 * backoff), {@link io.gridata.core.retry.Retrier} (executes on Failsafe) and {@link
 * io.gridata.core.retry.TransientFaults} (what counts as transient).
 */
package io.gridata.core.retry;
