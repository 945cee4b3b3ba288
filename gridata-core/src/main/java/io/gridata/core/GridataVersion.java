package io.gridata.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Gridata on the class path, filled in from the build (gridata-core.properties). */
public final class GridataVersion {
  private static final String VERSION = load();

  private GridataVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    Properties properties = new Properties();
    try (InputStream in = GridataVersion.class.getResourceAsStream("gridata-core.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot read Gridata's version: gridata-core.properties is not packaged");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Gridata's version", e);
    }
    String version = properties.getProperty("version");
    if (version == null || version.startsWith("${")) {
      throw new IllegalStateException(
          "Cannot read Gridata's version: gridata-core.properties was not filtered at build");
    }
    return version;
  }
}
