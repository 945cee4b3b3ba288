/**
 * Lineage and metadata publishing to DataHub.
 *
 * <p>Describe what a pipeline step did with the typed model ({@link io.gridata.lineage.DatasetRef},
 * {@link io.gridata.lineage.DatasetMetadata}, {@link io.gridata.lineage.Flow}, {@link
 * io.gridata.lineage.Job}, {@link io.gridata.lineage.Run}, {@link
 * io.gridata.lineage.AssertionResult}), gather it in one {@link io.gridata.lineage.RunLineage} and
 * hand it to a {@link io.gridata.lineage.LineagePublisher}, which maps it to DataHub aspects and
 * writes them to a {@link io.gridata.lineage.LineageSink} (a JSON file by default, or DataHub's
 * REST API).
 */
package io.gridata.lineage;
