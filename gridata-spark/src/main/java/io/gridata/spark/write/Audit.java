package io.gridata.spark.write;

/**
 * Decides whether what a run staged on its branch may be published: the "audit" of
 * write-audit-publish, where the quality gate plugs in. One interface for every staged job: {@code
 * Audit<StagedBatch>} for an ingestion batch, {@code Audit<StagedCustomer360>} for Customer 360.
 *
 * @param <S> what the job staged (its branch, counts and run id)
 */
@FunctionalInterface
public interface Audit<S> {
  /** True to publish {@code staged}, false to discard it ({@code main} stays as it was). */
  boolean accepts(S staged);

  /** An audit that accepts everything staged. */
  static <S> Audit<S> acceptAll() {
    return staged -> true;
  }
}
