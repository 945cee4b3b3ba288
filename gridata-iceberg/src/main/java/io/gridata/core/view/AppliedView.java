package io.gridata.core.view;

import static java.util.Objects.requireNonNull;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What applying one view did.
 *
 * @param view the view, {@code namespace.name} in its catalog
 * @param change what changed in the catalog
 * @param versionId the view's current version after the apply
 * @param fingerprint the applied definition's {@link ViewDefinition#fingerprint()}
 */
public record AppliedView(TableIdentifier view, Change change, int versionId, String fingerprint) {

  /** What an apply changed. */
  public enum Change {
    /** The view did not exist: created at version 1. */
    CREATED,
    /** The SQL, columns or default catalog/namespace differed: a new version is current. */
    REPLACED,
    /** Same version; its comment or Gridata properties were updated (no new version). */
    PROPERTIES_UPDATED,
    /** Nothing: the current version already holds this definition. */
    UNCHANGED
  }

  /** Validates. */
  public AppliedView {
    requireNonNull(view, "view is null");
    requireNonNull(change, "change is null");
    requireNonNull(fingerprint, "fingerprint is null");
  }
}
