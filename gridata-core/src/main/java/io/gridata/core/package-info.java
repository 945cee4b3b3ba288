/**
 * Gridata core: the exception hierarchy rooted at {@link io.gridata.core.GridataException} and
 * small shared values. Sub-packages hold the raw zone ({@code rawzone}), data contracts ({@code
 * contract}), the ingestion ledger ({@code ingest}) and the retry policy ({@code retry}). No Spark
 * here.
 */
package io.gridata.core;
