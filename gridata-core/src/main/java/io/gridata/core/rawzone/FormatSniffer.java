package io.gridata.core.rawzone;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Format sniffing without Spark or Hadoop: Parquet magic bytes at both ends and the Thrift footer
 * read with parquet-format-structures; CSV header and leading records with Jackson CSV; leading
 * JSON lines with Jackson. Failures are reported as {@link SniffException} messages.
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

  static Sniffed csv(InputStream raw, String fileName, char separator, int sample)
      throws SniffException, IOException {
    Reader reader = textReader(raw, fileName);
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
    List<String> header = null;
    int record = 0;
    try (MappingIterator<List<String>> rows =
        mapper.readerForListOf(String.class).with(schema).readValues(reader)) {
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
    } catch (RuntimeException | CharacterCodingException e) {
      throw new SniffException("unreadable CSV: " + messageOf(e));
    } catch (IOException e) {
      if (e.getClass().getName().contains("Csv") || e instanceof CharacterCodingException) {
        throw new SniffException("unreadable CSV: " + messageOf(e));
      }
      if (e instanceof java.nio.charset.MalformedInputException) {
        throw new SniffException("not UTF-8 text: " + e.getMessage());
      }
      throw e;
    }
    if (header == null) {
      throw new SniffException("CSV has no header row: the file is empty or blank");
    }
    return new Sniffed(header, Map.of(), record);
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

  static Sniffed jsonLines(
      InputStream raw, String fileName, int sample, Map<String, JsonNode> first)
      throws SniffException, IOException {
    Reader reader = textReader(raw, fileName);
    Set<String> columns = new LinkedHashSet<>();
    int records = 0;
    int line = 0;
    StringBuilder current = new StringBuilder();
    try {
      while (records < sample) {
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
        String text = current.toString().strip();
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isEmpty()) {
          continue;
        }
        if (records == 0 && text.startsWith("[")) {
          throw new SniffException(
              "not JSON lines: line 1 starts a JSON array; write one object per line");
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (IOException e) {
          throw new SniffException("JSON line " + line + " does not parse: " + firstLine(e));
        }
        if (!(node instanceof ObjectNode object)) {
          throw new SniffException("JSON line " + line + " is not an object");
        }
        records++;
        object
            .fieldNames()
            .forEachRemaining(
                name -> {
                  columns.add(name);
                  first.putIfAbsent(name.toLowerCase(Locale.ROOT), object.get(name));
                });
      }
    } catch (CharacterCodingException e) {
      throw new SniffException("not UTF-8 text: " + e.getMessage());
    }
    if (records == 0) {
      throw new SniffException("JSON lines file has no records: it is empty or blank");
    }
    return new Sniffed(List.copyOf(columns), Map.of(), records);
  }

  private static Reader textReader(InputStream raw, String fileName) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
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
