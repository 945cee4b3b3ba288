package io.gridata.lineage;

/** DataHub fabric (environment) of a dataset; the subset DataHub defines that pipelines use. */
public enum Env {
  /** Development. */
  DEV,
  /** Testing. */
  TEST,
  /** Quality assurance. */
  QA,
  /** User acceptance testing. */
  UAT,
  /** Staging / pre-production. */
  STG,
  /** Production. */
  PROD
}
