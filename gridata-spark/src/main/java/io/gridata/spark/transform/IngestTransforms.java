package io.gridata.spark.transform;

import static io.gridata.spark.transform.IngestColumns.CORRUPT_RECORD;
import static io.gridata.spark.transform.IngestColumns.ERRORS;
import static io.gridata.spark.transform.IngestColumns.INGESTED_AT;
import static io.gridata.spark.transform.IngestColumns.RUN_ID;
import static io.gridata.spark.transform.IngestColumns.SOURCE_FILE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.gridata.spark.compat.TryCast;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The dataset-neutral steps of an ingestion batch, given the raw (contract) column names: keeping
 * raw values for quarantine, trimming, parsing timestamps, collecting reasons, splitting valid from
 * invalid rows, and the run's metadata. Each dataset's own transforms ({@link
 * io.gridata.spark.orders.OrderTransforms}, {@link io.gridata.spark.customers.CustomerTransforms},
 * {@link io.gridata.spark.clickstream.ClickTransforms}) build on them.
 */
public final class IngestTransforms {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private IngestTransforms() {}

  /** Keeps every raw column, as read, in {@code _raw_<name>} ({@link IngestColumns#raw}). */
  public static Transform keepRaw(List<String> rawColumns) {
    requireNonNull(rawColumns, "rawColumns is null");
    return df -> {
      List<Column> columns = new ArrayList<>();
      columns.add(col("*"));
      rawColumns.forEach(c -> columns.add(col(c).as(IngestColumns.raw(c))));
      return df.select(columns.toArray(Column[]::new));
    };
  }

  /**
   * Empties {@code _raw_<name>} of the rows without errors: only rows bound for quarantine need the
   * values as read, and a batch cached between its writes then carries them for those rows only.
   * Run it last, after every step that adds reasons.
   */
  public static Transform dropRawOfValidRows(List<String> rawColumns) {
    requireNonNull(rawColumns, "rawColumns is null");
    return df -> {
      Dataset<Row> out = df;
      for (String name : rawColumns) {
        String raw = IngestColumns.raw(name);
        out = out.withColumn(raw, when(size(col(ERRORS)).gt(0), col(raw)));
      }
      return out;
    };
  }

  /** Trims {@code columns}; blank becomes null. */
  public static Transform trimToNull(List<String> columns) {
    requireNonNull(columns, "columns is null");
    return df -> {
      Dataset<Row> out = df;
      for (String name : columns) {
        Column trimmed = trim(col(name));
        out =
            out.withColumn(
                name, when(trimmed.equalTo(""), lit(null).cast("string")).otherwise(trimmed));
      }
      return out;
    };
  }

  /**
   * {@code raw} parsed as a UTC timestamp, or null. Accepted:
   *
   * <ul>
   *   <li>ISO-8601 with offset ({@code 2026-11-01T10:15:30+02:00}, {@code Z} allowed);
   *   <li>{@code yyyy-MM-dd HH:mm:ss} taken as UTC;
   *   <li>epoch time as an unsigned integer, told apart by its number of digits: up to 11 digits
   *       are seconds ({@code 1793520930}), 12 or 13 digits are milliseconds ({@code
   *       1793520930000}). Seconds reach to the year 5138 and milliseconds start at
   *       1973-03-03T09:46:40Z, so an instant from 1973 to 5138 is read right either way;
   *       milliseconds before 1973 are taken as seconds.
   * </ul>
   *
   * <p>The two text forms take an optional fraction of a second of 1 to 9 digits; it is truncated
   * to microseconds (Spark's and Iceberg's precision): {@code .123456789} is {@code .123456}.
   */
  public static Column parseTimestamp(Column raw) {
    requireNonNull(raw, "raw is null");
    Column iso = try_to_timestamp(raw, lit("yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXX"));
    Column plainUtc =
        try_to_timestamp(concat(raw, lit("+00:00")), lit("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS]XXX"));
    Column epochSeconds =
        when(raw.rlike("^[0-9]{1,11}$"), timestamp_seconds(tryCast(raw, "bigint")));
    Column epochMillis =
        when(raw.rlike("^[0-9]{12,13}$"), timestamp_millis(tryCast(raw, "bigint")));
    return coalesce(iso, plainUtc, epochSeconds, epochMillis);
  }

  /**
   * {@code column} cast to the SQL type {@code type} ({@code "int"}, {@code "decimal(12,2)"}), or
   * null where the value does not parse or does not fit the type: the safe cast a {@code prepare()}
   * types raw strings with (a null then gets its reason), on every Spark line Gridata builds for
   * (Spark 4's {@code Column.try_cast}; Spark 3.5 has no such method).
   */
  public static Column tryCast(Column column, String type) {
    return TryCast.tryCast(column, type);
  }

  /**
   * The UTC calendar date of {@code ts}, whatever the session's time zone ({@code to_date} would
   * use the session's): the day Iceberg's {@code days(ts)} partition and the raw zone's {@code
   * YYYY-MM-DD} folders mean.
   */
  public static Column utcDate(Column ts) {
    requireNonNull(ts, "ts is null");
    return date_from_unix_date(floor(unix_micros(ts).divide(MICROS_PER_DAY)).cast("int"));
  }

  /**
   * Adds {@code _errors}: the names of the {@code reasons} a row breaks (each a column that is the
   * reason's name when broken, else null), after {@code malformed_record} when the reader kept the
   * record's text in {@code _corrupt_record}. Empty when the row is valid.
   */
  public static Transform flag(List<Column> reasons) {
    requireNonNull(reasons, "reasons is null");
    return df -> {
      List<Column> checks = new ArrayList<>();
      checks.add(
          reason(
              hasColumn(df, CORRUPT_RECORD) ? col(CORRUPT_RECORD).isNotNull() : lit(false),
              "malformed_record"));
      checks.addAll(reasons);
      return df.withColumn(ERRORS, filter(array(checks.toArray(Column[]::new)), Column::isNotNull));
    };
  }

  /** {@code name} where {@code broken} holds, else null: one entry of {@link #flag}. */
  public static Column reason(Column broken, String name) {
    return when(broken, lit(name));
  }

  /** Rows without errors. */
  public static Transform validOnly() {
    return df -> df.filter(size(col(ERRORS)).equalTo(0));
  }

  /** Rows with at least one error. */
  public static Transform invalidOnly() {
    return df -> df.filter(size(col(ERRORS)).gt(0));
  }

  /**
   * Adds the reasons of {@code checks} to {@code _errors} of the rows that are valid so far (the
   * checks see only sound values; null reasons are ignored).
   */
  public static Transform applyChecks(RowChecks checks) {
    requireNonNull(checks, "checks is null");
    return df ->
        df.withColumn(
            ERRORS,
            when(
                    size(col(ERRORS)).equalTo(0),
                    filter(
                        coalesce(checks.reasons(), array().cast("array<string>")),
                        Column::isNotNull))
                .otherwise(col(ERRORS)));
  }

  /**
   * Keeps one row per {@code key}: the first in {@code preference} order (e.g. the latest
   * timestamp), ties broken by source file name, then by a hash of the row's columns without the
   * run's own ({@code _run_id}, {@code _ingested_at}), so the kept row is the same in every run of
   * the same input. One shuffle by {@code key}.
   */
  public static Transform keepOnePerKey(String key, List<Column> preference) {
    requireNonNull(key, "key is null");
    requireNonNull(preference, "preference is null");
    return df -> {
      List<Column> order = new ArrayList<>(preference);
      order.add(col(SOURCE_FILE).desc_nulls_last());
      order.add(
          xxhash64(
                  Arrays.stream(df.columns())
                      .filter(c -> !c.equals(RUN_ID) && !c.equals(INGESTED_AT))
                      .map(c -> col(c))
                      .toArray(Column[]::new))
              .desc());
      return df.withColumn(
              "_dedup_rank",
              row_number().over(Window.partitionBy(col(key)).orderBy(order.toArray(Column[]::new))))
          .filter(col("_dedup_rank").equalTo(1))
          .drop("_dedup_rank");
    };
  }

  /** Adds {@code _run_id} and {@code _ingested_at} (one instant for the whole run). */
  public static Transform addRunMetadata(String runId, Instant ingestedAt) {
    requireNonNull(runId, "runId is null");
    requireNonNull(ingestedAt, "ingestedAt is null");
    return df ->
        df.withColumn(RUN_ID, lit(runId)).withColumn(INGESTED_AT, lit(Timestamp.from(ingestedAt)));
  }

  private static boolean hasColumn(Dataset<Row> df, String name) {
    return List.of(df.columns()).contains(name);
  }
}
