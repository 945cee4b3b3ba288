package io.gridata.core.rawzone;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Format sniffing without Spark or Hadoop: Parquet magic bytes at both ends and the Thrift footer
 * read with parquet-format-structures; CSV header and leading records with Jackson CSV, its quoting
 * over the whole file ({@link CsvStructure}); leading JSON lines with Jackson. Text is decoded as
 * strict UTF-8 to its end ({@link Utf8Reader}), so a bad byte anywhere rejects the file. Failures
 * are reported as {@link SniffException} messages.
 */
final class FormatSniffer {
  private static final byte[] PAR1 = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PARE = "PARE".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LINE = 16 * 1024 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private FormatSniffer() {}

  /** A reason the content is not the format it claims. */
  static final class SniffException extends Exception {
    private static final long serialVersionUID = 1L;

    SniffException(String message) {
      super(message);
    }
  }

  static Sniffed parquet(RawZone zone, RawKey key, long size) throws SniffException {
    if (size < 12) {
      throw new SniffException(
          "not Parquet: " + size + " bytes is shorter than the 12-byte minimum (PAR1...PAR1)");
    }
    byte[] head = zone.readRange(key, 0, 4);
    if (!java.util.Arrays.equals(head, PAR1)) {
      throw new SniffException(
          "not Parquet: the file does not start with the magic bytes PAR1 (found "
              + printable(head)
              + ")");
    }
    byte[] tail = zone.readRange(key, size - 8, 8);
    byte[] magic = java.util.Arrays.copyOfRange(tail, 4, 8);
    if (java.util.Arrays.equals(magic, PARE)) {
      throw new SniffException("encrypted Parquet footer (PARE) is not supported");
    }
    if (!java.util.Arrays.equals(magic, PAR1)) {
      throw new SniffException(
          "not Parquet or truncated: the file does not end with the magic bytes PAR1 (found "
              + printable(magic)
              + "); the upload may be incomplete");
    }
    long footerLength =
        ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    if (footerLength <= 0 || footerLength > size - 12) {
      throw new SniffException(
          "corrupt Parquet footer: declared length "
              + footerLength
              + " does not fit in a "
              + size
              + "-byte file");
    }
    if (footerLength > 256L * 1024 * 1024) {
      throw new SniffException("Parquet footer of " + footerLength + " bytes is too large to read");
    }
    byte[] footer = zone.readRange(key, size - 8 - footerLength, (int) footerLength);
    FileMetaData metadata;
    try {
      metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
    } catch (IOException | RuntimeException e) {
      throw new SniffException("unreadable Parquet footer: " + e.getMessage());
    }
    List<SchemaElement> schema = metadata.getSchema();
    if (schema == null || schema.isEmpty()) {
      throw new SniffException("Parquet footer has no schema");
    }
    List<String> columns = new ArrayList<>();
    Map<String, String[]> types = new LinkedHashMap<>();
    int children = schema.get(0).isSetNum_children() ? schema.get(0).getNum_children() : 0;
    int index = 1;
    for (int c = 0; c < children; c++) {
      if (index >= schema.size()) {
        throw new SniffException("corrupt Parquet schema: fewer elements than declared");
      }
      SchemaElement element = schema.get(index);
      columns.add(element.getName());
      String physical = element.isSetType() ? element.getType().name() : "GROUP";
      types.put(
          element.getName().toLowerCase(Locale.ROOT), new String[] {physical, logical(element)});
      index = skip(schema, index);
    }
    for (var rowGroup : metadata.getRow_groups()) {
      long end = rowGroup.isSetFile_offset() ? rowGroup.getFile_offset() : 0;
      if (end > size) {
        throw new SniffException("corrupt Parquet footer: a row group points beyond the file end");
      }
    }
    return new Sniffed(List.copyOf(columns), types, metadata.getNum_rows());
  }

  private static int skip(List<SchemaElement> schema, int index) {
    SchemaElement element = schema.get(index);
    int next = index + 1;
    int children = element.isSetNum_children() ? element.getNum_children() : 0;
    for (int i = 0; i < children && next < schema.size(); i++) {
      next = skip(schema, next);
    }
    return next;
  }

  private static String logical(SchemaElement element) {
    if (element.isSetLogicalType()) {
      String name = element.getLogicalType().getSetField().name();
      return switch (name) {
        case "STRING", "ENUM", "JSON" -> "UTF8";
        case "TIMESTAMP" -> "TIMESTAMP";
        default -> name;
      };
    }
    if (element.isSetConverted_type()) {
      String name = element.getConverted_type().name();
      return name.startsWith("TIMESTAMP") ? "TIMESTAMP" : name;
    }
    return null;
  }

  /**
   * Checks a CSV file: the header, the field count of the leading {@code sample} records (Jackson
   * CSV, RFC-4180 quoting), and over the whole text UTF-8 and the quoting structure ({@link
   * CsvStructure}). Reads {@code raw} to its end.
   */
  static Sniffed csv(InputStream raw, String fileName, char separator, int sample)
      throws SniffException, IOException {
    Utf8Reader text = textReader(raw, fileName);
    CsvStructure structure = new CsvStructure(text, separator);
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
    List<String> header = null;
    int record = 0;
    try (MappingIterator<List<String>> rows =
        mapper.readerForListOf(String.class).with(schema).readValues(structure)) {
      while (rows.hasNextValue()) {
        List<String> row = rows.nextValue();
        if (header == null) {
          if (row.size() == 1 && row.get(0).isBlank()) {
            continue;
          }
          header = checkHeader(row);
          continue;
        }
        record++;
        if (row.size() == 1 && row.get(0).isEmpty()) {
          continue;
        }
        if (row.size() != header.size()) {
          throw new SniffException(
              "CSV record "
                  + record
                  + " has "
                  + row.size()
                  + " fields but the header has "
                  + header.size());
        }
        if (record >= sample) {
          break;
        }
      }
      structure.drain();
    } catch (RuntimeException | IOException e) {
      throw unreadable("CSV", text, fileName, e);
    }
    if (header == null) {
      throw new SniffException("CSV has no header row: the file is empty or blank");
    }
    structure.check();
    return new Sniffed(header, Map.of(), record);
  }

  /**
   * Why text that failed to read is bad: not UTF-8, not valid gzip, or not parseable as {@code
   * format}; an I/O failure of the store is rethrown.
   */
  private static SniffException unreadable(
      String format, Utf8Reader text, String fileName, Exception e) throws IOException {
    if (text.error().isPresent()) {
      return new SniffException(
          format
              + " is not UTF-8 text: "
              + text.error().get()
              + "; re-export the file as UTF-8 (Gridata reads text files as UTF-8 only)");
    }
    if (isGzip(fileName) && (e instanceof ZipException || e instanceof EOFException)) {
      return new SniffException(
          "corrupt or truncated gzip: " + messageOf(e) + "; the upload may be incomplete");
    }
    if (e instanceof RuntimeException || e instanceof JsonProcessingException) {
      return new SniffException("unreadable " + format + ": " + messageOf(e));
    }
    throw (IOException) e;
  }

  private static List<String> checkHeader(List<String> row) throws SniffException {
    List<String> header = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < row.size(); i++) {
      String name = row.get(i).strip();
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      if (name.isEmpty()) {
        throw new SniffException("CSV header has an empty column name at position " + (i + 1));
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new SniffException("CSV header repeats the column " + name);
      }
      header.add(name);
    }
    return header;
  }

  /**
   * Checks a JSON-lines file: the leading {@code sample} non-blank lines parse as JSON objects, and
   * the whole text is UTF-8. A line that is not a JSON object does not reject the file: Spark's
   * reader keeps it in {@code _corrupt_record} and it goes to quarantine; the result then carries a
   * warning naming the lines. The file is rejected when none of the sampled lines is an object, or
   * when it starts with a JSON array. Reads {@code raw} to its end; {@code first} receives the
   * first value of each column.
   */
  static Sniffed jsonLines(
      InputStream raw, String fileName, int sample, Map<String, JsonNode> first)
      throws SniffException, IOException {
    Utf8Reader text = textReader(raw, fileName);
    Reader reader = new BufferedReader(text, 64 * 1024);
    Set<String> columns = new LinkedHashSet<>();
    int records = 0;
    int sampled = 0;
    int line = 0;
    List<Integer> malformed = new ArrayList<>();
    String firstProblem = null;
    StringBuilder current = new StringBuilder();
    try {
      while (sampled < sample) {
        current.setLength(0);
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
          if (current.length() >= MAX_LINE) {
            throw new SniffException(
                "JSON line " + (line + 1) + " is longer than " + MAX_LINE + " characters");
          }
          current.append((char) c);
        }
        if (c < 0 && current.length() == 0) {
          break;
        }
        line++;
        String value = current.toString().strip();
        if (line == 1 && value.startsWith("\uFEFF")) {
          value = value.substring(1);
        }
        if (value.isEmpty()) {
          continue;
        }
        if (sampled == 0 && value.startsWith("[")) {
          throw new SniffException(
              "not JSON lines: line " + line + " starts a JSON array; write one object per line");
        }
        sampled++;
        String problem = null;
        JsonNode node = null;
        try {
          node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
          problem = "line " + line + " does not parse: " + firstLine(e);
        }
        if (problem == null && !(node instanceof ObjectNode)) {
          problem = "line " + line + " is not an object";
        }
        if (problem != null) {
          malformed.add(line);
          firstProblem = firstProblem == null ? problem : firstProblem;
          continue;
        }
        records++;
        ObjectNode object = (ObjectNode) node;
        object
            .fieldNames()
            .forEachRemaining(
                name -> {
                  columns.add(name);
                  first.putIfAbsent(name.toLowerCase(Locale.ROOT), object.get(name));
                });
      }
      char[] rest = new char[64 * 1024];
      while (reader.read(rest, 0, rest.length) >= 0) {
        // decoded to check UTF-8 over the whole file
      }
    } catch (RuntimeException | IOException e) {
      throw unreadable("JSON lines file", text, fileName, e);
    }
    if (sampled == 0) {
      throw new SniffException("JSON lines file has no records: it is empty or blank");
    }
    if (records == 0) {
      throw new SniffException(
          "no line of the first "
              + sampled
              + " is a JSON object, so the file is not JSON lines ("
              + firstProblem
              + ")");
    }
    Optional<String> warning = Optional.empty();
    if (!malformed.isEmpty()) {
      warning =
          Optional.of(
              malformed.size()
                  + " of "
                  + sampled
                  + " leading lines are not JSON objects ("
                  + (malformed.size() == 1 ? "line " : "lines ")
                  + malformed.stream().limit(10).map(String::valueOf).collect(joining(", "))
                  + (malformed.size() > 10 ? ", ..." : "")
                  + "; "
                  + firstProblem
                  + "): they go to quarantine as malformed_record, the other lines are read");
    }
    return new Sniffed(List.copyOf(columns), Map.of(), records, warning);
  }

  private static Utf8Reader textReader(InputStream raw, String fileName)
      throws SniffException, IOException {
    InputStream in = new BufferedInputStream(raw, 64 * 1024);
    if (isGzip(fileName)) {
      try {
        in = new GZIPInputStream(in, 64 * 1024);
      } catch (ZipException | EOFException e) {
        throw new SniffException("not gzip: " + messageOf(e) + "; name the file without .gz");
      }
    }
    return new Utf8Reader(in);
  }

  private static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String messageOf(Exception e) {
    return e.getClass().getSimpleName() + ": " + firstLine(e);
  }

  private static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7f) {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return out.toString();
  }
}
