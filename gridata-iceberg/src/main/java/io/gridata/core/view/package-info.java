/**
 * Iceberg views Gridata creates and versions: a {@link io.gridata.core.view.ViewSet} read from
 * class-path resources (the shipped serving views: {@link io.gridata.core.view.ViewSet#serving()})
 * and applied idempotently by {@link io.gridata.core.view.ViewApplier} through Iceberg's {@code
 * ViewCatalog} API, one view version holding every dialect's SQL. No Spark here.
 */
package io.gridata.core.view;
