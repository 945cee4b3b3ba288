package io.gridata.spark.read;

import static io.gridata.spark.transform.IngestColumns.CORRUPT_RECORD;
import static io.gridata.spark.transform.IngestColumns.SOURCE_CHECKSUM;
import static io.gridata.spark.transform.IngestColumns.SOURCE_FILE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.gridata.core.contract.ColumnSpec;
import io.gridata.core.contract.DataContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads raw files into one {@code Dataset<Row>} whose contract columns are all strings, plus {@code
 * _corrupt_record}, {@code _source_file} and {@code _source_checksum}. Typing happens in the
 * transforms, so a bad value becomes a quarantine reason instead of a silent null or a failed job.
 *
 * <ul>
 *   <li>CSV: RFC-4180: fields quoted with {@code "} may hold the separator, line breaks (LF or
 *       CRLF, kept as they are) and quotes written twice ({@code ""}); records end with LF or CRLF.
 *       Each file is parsed as one stream ({@code multiLine}), since a record may span lines: a
 *       file is read by one task, so split very large exports. Trailing spaces of unquoted values
 *       are dropped (the CR of a CRLF line end is one); quoted values are kept exactly. Explicit
 *       string schema (no inference), header required, permissive mode: a record with the wrong
 *       number of fields keeps its text in {@code _corrupt_record}. Columns are mapped by the
 *       file's header names, so a file with reordered columns reads correctly.
 *   <li>JSON lines: explicit string schema, permissive mode; non-JSON lines land in {@code
 *       _corrupt_record}; numbers are kept as their text.
 *   <li>Parquet: read with the file's own types and cast to string; missing optional columns are
 *       null; an instant ({@code timestamp}) becomes ISO-8601 text with its offset.
 * </ul>
 *
 * <p>{@code _source_file} is the file's {@link RawInput#uri()}; files are matched to their checksum
 * by the path Spark reports, whatever characters their names hold.
 */
public final class RawReader {
  /** Spark reports {@code file:/x} for {@code file:///x}: compare paths without scheme. */
  private static final String SCHEME_AND_AUTHORITY = "^[A-Za-z][A-Za-z0-9+.-]*:/+";

  private static final String PATH_KEY = "_path_key";

  /** What Spark takes for a glob pattern in a path (its {@code SparkHadoopUtil.isGlobPath}). */
  private static final Pattern GLOB = Pattern.compile("[{}\\[\\]*?\\\\]");

  /** Spark's {@code DataSource.GLOB_PATHS_KEY}: "false" reads the paths as they are. */
  private static final String GLOB_PATHS = "__globPaths__";

  private final SparkSession spark;
  private final DataContract contract;

  /** A reader of files that follow {@code contract}. */
  public RawReader(SparkSession spark, DataContract contract) {
    this.spark = requireNonNull(spark, "spark is null");
    this.contract = requireNonNull(contract, "contract is null");
  }

  /**
   * What {@link #read} returns: the contract's columns as strings, then {@code _corrupt_record},
   * {@code _source_file} and {@code _source_checksum}.
   */
  public StructType schema() {
    List<StructField> fields = new ArrayList<>(List.of(stringSchema(true).fields()));
    fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(SOURCE_CHECKSUM, DataTypes.StringType, true));
    return DataTypes.createStructType(fields);
  }

  /**
   * The union of all {@code files}, each read by its format.
   *
   * @param files files to read with their format, header (CSV) and checksum
   * @return contract columns as strings plus {@code _corrupt_record}, {@code _source_file}, {@code
   *     _source_checksum}
   */
  public Dataset<Row> read(List<RawInput> files) {
    requireNonNull(files, "files is null");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("Cannot read raw files: the list is empty");
    }
    Map<String, List<String>> csvByHeader = new LinkedHashMap<>();
    List<String> json = new ArrayList<>();
    List<String> parquet = new ArrayList<>();
    for (RawInput file : files) {
      switch (file.format()) {
        case CSV ->
            csvByHeader
                .computeIfAbsent(String.join(",", file.header()), h -> new ArrayList<>())
                .add(file.uri());
        case JSON_LINES -> json.add(file.uri());
        case PARQUET -> parquet.add(file.uri());
      }
    }
    List<Dataset<Row>> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> group : csvByHeader.entrySet()) {
      parts.add(readCsv(List.of(group.getKey().split(",", -1)), group.getValue()));
    }
    if (!json.isEmpty()) {
      parts.add(readJson(json));
    }
    if (!parquet.isEmpty()) {
      parts.add(readParquet(parquet));
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> part : parts.subList(1, parts.size())) {
      all = all.unionByName(part);
    }
    return all.join(broadcast(checksums(files)), PATH_KEY, "left").drop(PATH_KEY);
  }

  private Dataset<Row> readCsv(List<String> header, List<String> uris) {
    List<StructField> fields = new ArrayList<>();
    for (String name : header) {
      fields.add(DataTypes.createStructField(name.trim(), DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    StructType schema = DataTypes.createStructType(fields);
    return readLiterally(
        uris,
        (reader, paths) ->
            reader
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                .option("enforceSchema", "true")
                .option("multiLine", "true")
                .option("lineSep", "\n")
                .option("quote", "\"")
                .option("escape", "\"")
                .option("ignoreTrailingWhiteSpace", "true")
                .schema(schema)
                .csv(paths));
  }

  private Dataset<Row> readJson(List<String> uris) {
    StructType schema = stringSchema(true);
    return readLiterally(
        uris,
        (reader, paths) ->
            reader
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                .schema(schema)
                .json(paths));
  }

  private Dataset<Row> readParquet(List<String> uris) {
    return readLiterally(uris, DataFrameReader::parquet);
  }

  /**
   * {@code uris} read by {@code read} and mapped to the contract, each path taken literally. Spark
   * expands a path holding one of {@code { } [ ] * ?} or a backslash as a glob pattern (and
   * Hadoop's globber cannot even name a file whose name also holds a colon, {@code [v1]
   * 10:00.csv}), so such paths are read with globbing off: {@code __globPaths__} is the option of
   * Spark's {@code DataSource} (its {@code GLOB_PATHS_KEY}) that Spark's own file streaming source
   * sets to read the files it listed. The other paths are read apart: with globbing off, Spark 4.1
   * lists every path without a glob character twice when the same read also has one with. {@code
   * RawReaderTest} reads such a mix.
   */
  private Dataset<Row> readLiterally(
      List<String> uris, BiFunction<DataFrameReader, String[], Dataset<Row>> read) {
    Map<Boolean, List<String>> byGlob =
        uris.stream().collect(Collectors.partitioningBy(uri -> GLOB.matcher(uri).find()));
    Dataset<Row> all = null;
    for (Map.Entry<Boolean, List<String>> group : byGlob.entrySet()) {
      if (group.getValue().isEmpty()) {
        continue;
      }
      DataFrameReader reader = group.getKey() ? reader().option(GLOB_PATHS, "false") : reader();
      Dataset<Row> part = toContract(read.apply(reader, group.getValue().toArray(String[]::new)));
      all = all == null ? part : all.unionByName(part);
    }
    return all;
  }

  /**
   * A reader of raw files. On a local zone the files are read with Hadoop's {@code
   * RawLocalFileSystem}: the default local file system looks for a {@code .<name>.crc} checksum
   * file beside each file and cannot even name it when the file name holds a colon ({@code
   * orders-2026-12-03T10:00:00.csv}: "Relative path in absolute URI"); raw zone files have no such
   * checksum files (the raw zone checks its own SHA-256). The setting is an option of these reads
   * only, with a file system instance of their own (not the cached one other readers share).
   */
  private DataFrameReader reader() {
    return spark
        .read()
        .option("fs.file.impl", RawLocalFileSystem.class.getName())
        .option("fs.file.impl.disable.cache", "true");
  }

  /**
   * A column's value as text. An instant (Parquet {@code TIMESTAMP} adjusted to UTC, Spark's {@code
   * timestamp}) is written ISO-8601 with its offset and microseconds, since a plain cast would
   * write the session time zone's wall-clock time without an offset, which the transforms take as
   * UTC.
   */
  private static Column asText(StructField field) {
    return field.dataType() instanceof TimestampType
        ? date_format(col(field.name()), "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
        : col(field.name()).cast("string");
  }

  /** The path Spark reports for {@code uri} (Hadoop's URI text), without scheme and authority. */
  private static String pathKey(String uri) {
    return new Path(uri).toUri().toString().replaceFirst(SCHEME_AND_AUTHORITY, "/");
  }

  private Dataset<Row> toContract(Dataset<Row> df) {
    List<String> present = List.of(df.columns());
    List<Column> columns = new ArrayList<>();
    for (ColumnSpec spec : contract.columns()) {
      columns.add(
          present.contains(spec.name())
              ? asText(df.schema().apply(spec.name())).as(spec.name())
              : lit(null).cast("string").as(spec.name()));
    }
    columns.add(
        present.contains(CORRUPT_RECORD)
            ? col(CORRUPT_RECORD)
            : lit(null).cast("string").as(CORRUPT_RECORD));
    columns.add(regexp_replace(col("_metadata.file_path"), SCHEME_AND_AUTHORITY, "/").as(PATH_KEY));
    return df.select(columns.toArray(Column[]::new));
  }

  private StructType stringSchema(boolean withCorruptRecord) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec spec : contract.columns()) {
      fields.add(DataTypes.createStructField(spec.name(), DataTypes.StringType, true));
    }
    if (withCorruptRecord) {
      fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  private Dataset<Row> checksums(List<RawInput> files) {
    List<Row> rows = new ArrayList<>();
    for (RawInput file : files) {
      rows.add(RowFactory.create(pathKey(file.uri()), file.uri(), file.sha256()));
    }
    StructType schema =
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField(PATH_KEY, DataTypes.StringType, false),
                DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
                DataTypes.createStructField(SOURCE_CHECKSUM, DataTypes.StringType, false)));
    return spark.createDataFrame(rows, schema);
  }
}
