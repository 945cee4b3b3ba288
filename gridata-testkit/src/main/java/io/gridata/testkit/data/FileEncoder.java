package io.gridata.testkit.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.inmemory.InMemoryOutputFile;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Encodes rows as CSV, JSON lines or Parquet bytes. */
final class FileEncoder {
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private FileEncoder() {}

  static byte[] encode(
      FileFormat format,
      List<String> header,
      List<RawDataset.Column> columns,
      List<Object[]> rows) {
    return switch (format) {
      case CSV -> csv(header, rows);
      case JSON -> json(header, rows);
      case PARQUET -> parquet(header, columns, rows);
    };
  }

  private static byte[] csv(List<String> header, List<Object[]> rows) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", header.stream().map(FileEncoder::csvField).toList())).append('\n');
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        if (row[i] != null) {
          out.append(csvField(text(row[i])));
        }
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String csvField(String value) {
    if (value.indexOf(',') >= 0
        || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  private static String text(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  private static byte[] json(List<String> header, List<Object[]> rows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (Object[] row : rows) {
        try (JsonGenerator gen = JSON_FACTORY.createGenerator(bytes)) {
          gen.writeStartObject();
          for (int i = 0; i < row.length; i++) {
            gen.writeFieldName(header.get(i));
            Object value = row[i];
            if (value == null) {
              gen.writeNull();
            } else if (value instanceof Integer n) {
              gen.writeNumber(n);
            } else if (value instanceof BigDecimal d) {
              gen.writeNumber(d);
            } else {
              gen.writeString((String) value);
            }
          }
          gen.writeEndObject();
        }
        bytes.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode JSON lines: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  private static byte[] parquet(
      List<String> header, List<RawDataset.Column> columns, List<Object[]> rows) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      fields.add(Types.NestedField.optional(i + 1, header.get(i), icebergType(columns.get(i))));
    }
    Schema schema = new Schema(fields);
    InMemoryOutputFile file = new InMemoryOutputFile("memory:/generated.parquet");
    try (FileAppender<GenericRecord> appender =
        Parquet.write(file)
            .schema(schema)
            .createWriterFunc(GenericParquetWriter::create)
            .overwrite()
            .build()) {
      for (Object[] row : rows) {
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < row.length; i++) {
          record.set(i, row[i]);
        }
        appender.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode Parquet: " + e.getMessage(), e);
    }
    return file.toByteArray();
  }

  private static Type icebergType(RawDataset.Column column) {
    return switch (column.type()) {
      case STRING -> Types.StringType.get();
      case INT -> Types.IntegerType.get();
      case DECIMAL -> Types.DecimalType.of(12, 2);
    };
  }
}
