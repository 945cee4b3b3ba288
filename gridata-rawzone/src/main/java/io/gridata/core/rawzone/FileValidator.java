package io.gridata.core.rawzone;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridata.core.GridataException;
import io.gridata.core.contract.ColumnSpec;
import io.gridata.core.contract.ColumnType;
import io.gridata.core.contract.DataContract;
import io.gridata.core.rawzone.FormatSniffer.SniffException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates raw files and moves the ones that fail to {@code raw/rejected/} with a manifest.
 *
 * <p>Checks, in order, each named in the {@link ValidationReport}:
 *
 * <ol>
 *   <li>{@link Check#EXISTS}: the file is there;
 *   <li>{@link Check#SIZE}: above 0 and at most {@link ValidationOptions#maxSize()}, from metadata,
 *       before any byte is read (a failure stops here);
 *   <li>{@link Check#CHECKSUM}: SHA-256 of the content (always computed, streamed; for CSV and JSON
 *       lines in the same read as the format check) equals the {@code <file>.sha256} sidecar (hex,
 *       optionally followed by the file name as written by {@code sha256sum}), else the checksum
 *       the store keeps; skipped when neither exists unless required;
 *   <li>{@link Check#FORMAT}: Parquet magic bytes at both ends and a readable footer; CSV header
 *       and the leading records' field counts, and over the whole file UTF-8 and RFC-4180 quoting
 *       (no unterminated quote, no bare-CR line ends); JSON lines: UTF-8 over the whole file and at
 *       least one of the leading lines an object (lines that are not pass with a warning and go to
 *       quarantine);
 *   <li>{@link Check#SCHEMA}: with a contract, required columns present, Parquet column types
 *       readable as the contract's types, JSON values scalar where the contract expects scalars,
 *       unknown columns reported (a warning, or a failure when the contract forbids them).
 * </ol>
 *
 * <p>Nothing is deleted: {@link #validateOrReject} moves a failed file and writes its manifest.
 */
public final class FileValidator {
  private static final Pattern SIDECAR = Pattern.compile("^\\\\?([0-9a-fA-F]{64})(\\s+\\*?(.*))?$");

  private final RawZone zone;
  private final ValidationOptions options;
  private final Clock clock;

  /**
   * A validator of files in {@code zone} with {@code options}, stamping times from {@code clock}.
   */
  public FileValidator(RawZone zone, ValidationOptions options, Clock clock) {
    this.zone = requireNonNull(zone, "zone is null");
    this.options = requireNonNull(options, "options is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A validator of files in {@code zone} with {@code options} and the system clock. */
  public FileValidator(RawZone zone, ValidationOptions options) {
    this(zone, options, Clock.systemUTC());
  }

  /** The options applied. */
  public ValidationOptions options() {
    return options;
  }

  /** Runs every check on {@code key}; never throws for a bad file, only for a failing store. */
  public ValidationReport validate(RawKey key) {
    requireNonNull(key, "key is null");
    List<CheckResult> checks = new ArrayList<>();
    Optional<RawObject> stat = zone.stat(key);
    Optional<FileFormat> format =
        options.format().isPresent() ? options.format() : FileFormat.fromFileName(key.fileName());
    if (stat.isEmpty()) {
      checks.add(CheckResult.failed(Check.EXISTS, "no such file: " + zone.uri(key.path())));
      skipRest(checks, Check.SIZE, "the file does not exist");
      return report(key, -1, Optional.empty(), format, List.of(), checks);
    }
    RawObject object = stat.get();
    checks.add(CheckResult.passed(Check.EXISTS, "found " + zone.uri(key.path())));
    long size = object.size();
    if (size <= 0) {
      checks.add(CheckResult.failed(Check.SIZE, "the file is empty (0 bytes)"));
      skipRest(checks, Check.CHECKSUM, "the file is empty");
      return report(key, size, Optional.empty(), format, List.of(), checks);
    }
    if (size > options.maxSize()) {
      checks.add(
          CheckResult.failed(
              Check.SIZE,
              String.format(
                  Locale.ROOT,
                  "%d bytes exceeds the maximum of %d bytes; split the file or raise maxSize",
                  size,
                  options.maxSize())));
      skipRest(checks, Check.CHECKSUM, "the file is too large to read");
      return report(key, size, Optional.empty(), format, List.of(), checks);
    }
    checks.add(
        CheckResult.passed(
            Check.SIZE, size + " bytes, within the maximum of " + options.maxSize()));

    Map<String, JsonNode> jsonSample = new HashMap<>();
    // text formats are hashed and checked in one read of the file
    Optional<TextPass> text =
        format.filter(f -> f != FileFormat.PARQUET).map(f -> textPass(key, f, jsonSample));
    String sha256 = text.isPresent() ? text.get().sha256() : sha256(key);
    checks.add(checksum(key, object, sha256));

    List<String> columns = List.of();
    Sniffed sniffed = null;
    if (format.isEmpty()) {
      checks.add(
          CheckResult.failed(
              Check.FORMAT,
              "unknown format of '"
                  + key.fileName()
                  + "': name it .parquet, .csv, .json, .jsonl or .ndjson (text formats may add"
                  + " .gz), or set the format"));
    } else {
      try {
        sniffed = text.isPresent() ? text.get().sniffed() : FormatSniffer.parquet(zone, key, size);
        columns = sniffed.columns();
        String found =
            format.get()
                + " with "
                + columns.size()
                + " columns"
                + (format.get() == FileFormat.PARQUET
                    ? ", " + sniffed.rows() + " rows"
                    : ", " + sniffed.rows() + " leading records parsed");
        checks.add(
            sniffed.warning().isPresent()
                ? CheckResult.warned(Check.FORMAT, found + "; " + sniffed.warning().get())
                : CheckResult.passed(Check.FORMAT, found));
      } catch (SniffException e) {
        checks.add(CheckResult.failed(Check.FORMAT, e.getMessage()));
      }
    }

    if (options.contract().isEmpty()) {
      checks.add(CheckResult.skipped(Check.SCHEMA, "no contract given"));
    } else if (sniffed == null) {
      checks.add(CheckResult.skipped(Check.SCHEMA, "the format check failed"));
    } else {
      checks.add(schema(options.contract().get(), format.get(), sniffed, jsonSample));
    }
    return report(key, size, Optional.of(sha256), format, columns, checks);
  }

  /**
   * Validates {@code key} and, when a check fails, moves it to {@code raw/rejected/} with a
   * manifest naming {@code runId}.
   */
  public Verdict validateOrReject(RawKey key, String runId) {
    requireNonNull(runId, "runId is null");
    ValidationReport report = validate(key);
    if (report.passed() || report.size() < 0) {
      return new Verdict(report, Optional.empty());
    }
    RejectedFile rejected =
        zone.reject(key, RejectionManifest.of(report, runId, report.checkedAt()));
    return new Verdict(report, Optional.of(rejected));
  }

  private ValidationReport report(
      RawKey key,
      long size,
      Optional<String> sha256,
      Optional<FileFormat> format,
      List<String> columns,
      List<CheckResult> checks) {
    return new ValidationReport(key, size, sha256, format, columns, checks, clock.instant());
  }

  private static void skipRest(List<CheckResult> checks, Check from, String why) {
    for (Check check : Check.values()) {
      if (check.ordinal() >= from.ordinal()) {
        checks.add(CheckResult.skipped(check, why));
      }
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private String sha256(RawKey key) {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = zone.open(key)) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new GridataException(e, "Cannot validate %s: read failed (%s)", key, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private CheckResult checksum(RawKey key, RawObject object, String actual) {
    Optional<String> sidecar = zone.sidecar(key);
    if (sidecar.isPresent()) {
      String text = sidecar.get().strip();
      String firstLine = text.isEmpty() ? "" : text.lines().findFirst().orElse("").strip();
      Matcher matcher = SIDECAR.matcher(firstLine);
      if (!matcher.matches()) {
        return CheckResult.failed(
            Check.CHECKSUM,
            "sidecar "
                + key.fileName()
                + RawKey.SHA256_SUFFIX
                + " is malformed: expected 64 hex digits, optionally followed by the file name");
      }
      String expected = matcher.group(1).toLowerCase(Locale.ROOT);
      String named = matcher.group(3);
      if (named != null && !named.isBlank()) {
        String namedFile = named.strip();
        namedFile = namedFile.substring(namedFile.lastIndexOf('/') + 1);
        if (!namedFile.equals(key.fileName())) {
          return CheckResult.failed(
              Check.CHECKSUM,
              "sidecar names another file ('" + namedFile + "'), not " + key.fileName());
        }
      }
      if (!expected.equals(actual)) {
        return CheckResult.failed(
            Check.CHECKSUM,
            "SHA-256 mismatch: sidecar says "
                + expected
                + ", content is "
                + actual
                + "; the file is corrupt or incomplete, or the sidecar is stale");
      }
      return CheckResult.passed(Check.CHECKSUM, "SHA-256 " + actual + " matches the sidecar");
    }
    if (object.storedSha256().isPresent()) {
      String expected = object.storedSha256().get();
      if (!expected.equals(actual)) {
        return CheckResult.failed(
            Check.CHECKSUM,
            "SHA-256 mismatch: the store's checksum is " + expected + ", content is " + actual);
      }
      return CheckResult.passed(
          Check.CHECKSUM, "SHA-256 " + actual + " matches the store's checksum");
    }
    if (options.requireChecksum()) {
      return CheckResult.failed(
          Check.CHECKSUM,
          "no "
              + key.fileName()
              + RawKey.SHA256_SUFFIX
              + " sidecar and no stored checksum;"
              + " content SHA-256 is "
              + actual);
    }
    return CheckResult.skipped(
        Check.CHECKSUM, "no sidecar or stored checksum to compare; content SHA-256 is " + actual);
  }

  /**
   * One read of a CSV or JSON-lines file: its SHA-256 and its format check (which decodes the whole
   * text). The format check's failure is kept in the result, so the checksum is reported whatever
   * the content.
   */
  private TextPass textPass(RawKey key, FileFormat format, Map<String, JsonNode> sample) {
    MessageDigest digest = newSha256();
    Sniffed sniffed = null;
    SniffException problem = null;
    try (DigestInputStream in = new DigestInputStream(zone.open(key), digest)) {
      InputStream shielded =
          new FilterInputStream(in) {
            @Override
            public void close() {
              // the parsers close their reader; the rest of the file is still to be hashed
            }
          };
      try {
        sniffed =
            format == FileFormat.CSV
                ? FormatSniffer.csv(
                    shielded, key.fileName(), options.csvSeparator(), options.sampleRecords())
                : FormatSniffer.jsonLines(
                    shielded, key.fileName(), options.sampleRecords(), sample);
      } catch (SniffException e) {
        problem = e;
      }
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new GridataException(e, "Cannot validate %s: read failed (%s)", key, e);
    }
    return new TextPass(HexFormat.of().formatHex(digest.digest()), sniffed, problem);
  }

  /** The SHA-256 of a text file and its sniffed format, or why the format check failed. */
  private record TextPass(String sha256, Sniffed result, SniffException problem) {
    Sniffed sniffed() throws SniffException {
      if (problem != null) {
        throw problem;
      }
      return result;
    }
  }

  private static CheckResult schema(
      DataContract contract, FileFormat format, Sniffed sniffed, Map<String, JsonNode> sample) {
    Set<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    present.addAll(sniffed.columns());
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ColumnSpec column : contract.columns()) {
      if (column.required() && !present.contains(column.name())) {
        missing.add(column.name());
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing required columns " + missing);
    }
    for (ColumnSpec column : contract.columns()) {
      String lower = column.name().toLowerCase(Locale.ROOT);
      if (format == FileFormat.PARQUET && sniffed.parquetTypes().containsKey(lower)) {
        String[] type = sniffed.parquetTypes().get(lower);
        if (!column.type().acceptsParquet(type[0], type[1])) {
          problems.add(
              "column "
                  + column.name()
                  + " is "
                  + type[0]
                  + (type[1] != null ? "/" + type[1] : "")
                  + ", not readable as "
                  + column.type());
        }
      }
      if (format == FileFormat.JSON_LINES && sample.containsKey(lower)) {
        JsonNode value = sample.get(lower);
        if (value.isContainerNode()) {
          problems.add(
              "column "
                  + column.name()
                  + " holds a JSON "
                  + value.getNodeType().name().toLowerCase(Locale.ROOT)
                  + ", not a "
                  + column.type()
                  + " value");
        } else if (isNumeric(column.type()) && value.isBoolean()) {
          problems.add("column " + column.name() + " holds a boolean, not a " + column.type());
        }
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String column : sniffed.columns()) {
      if (contract.column(column).isEmpty()) {
        unknown.add(column);
      }
    }
    if (!unknown.isEmpty() && !contract.allowUnknownColumns()) {
      problems.add("unknown columns " + unknown + " (the contract forbids extra columns)");
    }
    if (!problems.isEmpty()) {
      return CheckResult.failed(
          Check.SCHEMA, "contract " + contract.name() + ": " + String.join("; ", problems));
    }
    if (!unknown.isEmpty()) {
      return CheckResult.warned(
          Check.SCHEMA,
          "contract " + contract.name() + " satisfied; unknown columns " + unknown + " ignored");
    }
    return CheckResult.passed(Check.SCHEMA, "contract " + contract.name() + " satisfied");
  }

  private static boolean isNumeric(ColumnType type) {
    return type == ColumnType.INT
        || type == ColumnType.LONG
        || type == ColumnType.DECIMAL
        || type == ColumnType.DOUBLE;
  }

  /**
   * The outcome of {@link #validateOrReject}.
   *
   * @param report every check
   * @param rejected the rejected file when a check failed
   */
  public record Verdict(ValidationReport report, Optional<RejectedFile> rejected) {
    /** Validates the values. */
    public Verdict {
      requireNonNull(report, "report is null");
      requireNonNull(rejected, "rejected is null");
    }

    /** True when the file passed and stays in place. */
    public boolean accepted() {
      return report.passed();
    }
  }
}
