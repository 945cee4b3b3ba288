/**
 * A small pipeline runner: named steps, per-step retry, run id in the logs, a run summary and a
 * failure alert ({@link io.gridata.core.run.PipelineRunner}).
 */
package io.gridata.core.run;
