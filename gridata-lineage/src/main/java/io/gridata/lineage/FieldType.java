package io.gridata.lineage;

/** The logical type of a schema field, as DataHub classifies types. */
public enum FieldType {
  /** true / false. */
  BOOLEAN,
  /** Any integer, floating point or decimal number. */
  NUMBER,
  /** Character data, including UUIDs. */
  STRING,
  /** Variable-length binary. */
  BYTES,
  /** Fixed-length binary. */
  FIXED,
  /** A calendar date. */
  DATE,
  /** A time of day or a timestamp. */
  TIME,
  /** A nested record (struct). */
  RECORD,
  /** A list. */
  ARRAY,
  /** A map. */
  MAP,
  /** A type DataHub has no class for (e.g. variant). */
  NULL
}
