package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A dataset as DataHub names it: a platform, a name on that platform and an environment.
 *
 * <p>Use the factories: {@link #iceberg} for tables ({@code <namespace>.<table>} on platform {@code
 * iceberg}), {@link #s3} and {@link #file} for raw files, named by their bucket and dataset prefix
 * (the directory a dataset's files land in), never by single file.
 *
 * @param platform DataHub platform id, e.g. {@code iceberg}, {@code s3}, {@code file}
 * @param name the dataset's name on the platform
 * @param env the environment (DataHub fabric)
 */
public record DatasetRef(String platform, String name, Env env) {
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_-]+");

  /** Validates the parts. */
  public DatasetRef {
    requireNonNull(platform, "platform is null");
    requireNonNull(name, "name is null");
    requireNonNull(env, "env is null");
    if (!PLATFORM.matcher(platform).matches()) {
      throw new IllegalArgumentException(
          "Invalid dataset platform '"
              + platform
              + "': use a DataHub platform id such as iceberg, s3 or file");
    }
    if (name.isBlank() || name.contains(",") || name.contains("(") || name.contains(")")) {
      throw new IllegalArgumentException(
          "Invalid dataset name '"
              + name
              + "': it must be non-blank and contain no comma or parenthesis (DataHub URN syntax)");
    }
  }

  /**
   * An Iceberg table, named {@code <namespace>.<table>} on platform {@code iceberg}.
   *
   * @param namespace the table's namespace, levels separated by dots (e.g. {@code ecommerce})
   * @param table the table name (e.g. {@code orders})
   */
  public static DatasetRef iceberg(String namespace, String table, Env env) {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(table, "table is null");
    return new DatasetRef("iceberg", namespace + "." + table, env);
  }

  /**
   * Raw files in S3 under one dataset prefix, named {@code <bucket>/<prefix>}.
   *
   * @param bucket the bucket
   * @param prefix the dataset's prefix, e.g. {@code raw/ecommerce/orders}; leading and trailing
   *     slashes are dropped. Pass the dataset directory, not a file or a date partition.
   */
  public static DatasetRef s3(String bucket, String prefix, Env env) {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    if (bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException("Invalid S3 bucket '" + bucket + "': give the bare name");
    }
    String trimmed = trimSlashes(prefix);
    return new DatasetRef("s3", trimmed.isEmpty() ? bucket : bucket + "/" + trimmed, env);
  }

  /**
   * Raw files in a local directory, named by the directory's absolute path without a trailing
   * slash, on platform {@code file}.
   */
  public static DatasetRef file(String directory, Env env) {
    requireNonNull(directory, "directory is null");
    String trimmed = directory.length() > 1 ? directory.replaceAll("/+$", "") : directory;
    return new DatasetRef("file", trimmed, env);
  }

  /**
   * The dataset for a storage location: {@code s3://}, {@code s3a://} and {@code s3n://} URIs map
   * to {@link #s3}, anything else ({@code file:} URIs, plain paths) to {@link #file}.
   */
  public static DatasetRef forLocation(String location, Env env) {
    requireNonNull(location, "location is null");
    for (String scheme : new String[] {"s3://", "s3a://", "s3n://"}) {
      if (location.startsWith(scheme)) {
        String rest = location.substring(scheme.length());
        int slash = rest.indexOf('/');
        return slash < 0
            ? s3(rest, "", env)
            : s3(rest.substring(0, slash), rest.substring(slash), env);
      }
    }
    return file(
        location.startsWith("file:") ? location.replaceFirst("^file:(//)?", "") : location, env);
  }

  /**
   * The DataHub URN, e.g. {@code
   * urn:li:dataset:(urn:li:dataPlatform:iceberg,ecommerce.orders,PROD)}.
   */
  public String urn() {
    return "urn:li:dataset:(urn:li:dataPlatform:" + platform + "," + name + "," + env + ")";
  }

  /** A column of this dataset. */
  public FieldRef field(String path) {
    return new FieldRef(this, path);
  }

  private static String trimSlashes(String s) {
    return s.replaceAll("^/+", "").replaceAll("/+$", "");
  }
}
