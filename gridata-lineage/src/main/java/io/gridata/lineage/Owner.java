package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

/**
 * An owner of a dataset.
 *
 * @param urn the owner's URN, e.g. {@code urn:li:corpuser:jdoe} or {@code
 *     urn:li:corpGroup:data-platform}
 * @param type the kind of ownership
 */
public record Owner(String urn, Type type) {

  /** Kinds of ownership, as DataHub defines them. */
  public enum Type {
    /** Builds and runs the asset. */
    TECHNICAL_OWNER,
    /** Answers for the asset's meaning and use. */
    BUSINESS_OWNER,
    /** Looks after the asset's quality and governance. */
    DATA_STEWARD,
    /** No particular kind. */
    NONE
  }

  /** Validates the parts. */
  public Owner {
    requireNonNull(urn, "urn is null");
    requireNonNull(type, "type is null");
    if (!urn.startsWith("urn:li:corpuser:") && !urn.startsWith("urn:li:corpGroup:")) {
      throw new IllegalArgumentException(
          "Invalid owner '" + urn + "': use Owner.user(name), Owner.group(name) or a corpuser URN");
    }
  }

  /** A user, {@code urn:li:corpuser:<name>}. */
  public static Owner user(String name, Type type) {
    return new Owner("urn:li:corpuser:" + requireNonNull(name, "name is null"), type);
  }

  /** A group, {@code urn:li:corpGroup:<name>}. */
  public static Owner group(String name, Type type) {
    return new Owner("urn:li:corpGroup:" + requireNonNull(name, "name is null"), type);
  }
}
