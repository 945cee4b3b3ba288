package io.gridata.spark.config;

import io.gridata.core.InvalidInputException;
import java.util.Arrays;

/** The Iceberg catalog implementations Gridata wires into Spark. */
public enum CatalogType {
  /**
   * An Iceberg REST catalog (Polaris, Nessie, Lakekeeper, Gravitino...): the production default.
   */
  REST("rest"),
  /** Iceberg's JdbcCatalog: a SQLite file for the embedded default, or any JDBC database. */
  JDBC("jdbc"),
  /** Iceberg's HadoopCatalog: metadata in the warehouse directory itself (single writer only). */
  HADOOP("hadoop");

  private final String icebergName;

  CatalogType(String icebergName) {
    this.icebergName = icebergName;
  }

  /** The value of Iceberg's {@code type} catalog property. */
  public String icebergName() {
    return icebergName;
  }

  /**
   * The type named {@code value} (case-insensitive).
   *
   * @param key the setting it came from, named in the error
   */
  public static CatalogType parse(String value, String key) {
    for (CatalogType type : values()) {
      if (type.icebergName.equalsIgnoreCase(value.trim())) {
        return type;
      }
    }
    throw new InvalidInputException(
        "Invalid %s '%s': use one of %s",
        key, value, Arrays.stream(values()).map(CatalogType::icebergName).toList());
  }
}
