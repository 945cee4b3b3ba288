/**
 * Downstream triggers: a signed JSON event POSTed to configured URLs after a run published a table,
 * with retries ({@link io.gridata.core.trigger.DownstreamTrigger}).
 */
package io.gridata.core.trigger;
