package io.gridata.core.rawzone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/** Raw-file fixtures written by real writers (Iceberg's generic Parquet writer for Parquet). */
final class Fixtures {
  private Fixtures() {}

  static final String ORDERS_CSV =
      "order_id,customer_id,order_timestamp,status,quantity,unit_price\n"
          + "o-1,c-1,2026-11-26T08:00:00Z,PAID,2,9.99\n"
          + "o-2,c-2,2026-11-26 09:00:00,shipped,1,19.50\n";

  static final String ORDERS_JSON =
      "{\"order_id\":\"o-1\",\"customer_id\":\"c-1\",\"order_timestamp\":\"2026-11-26T08:00:00Z\","
          + "\"quantity\":2}\n"
          + "{\"order_id\":\"o-2\",\"customer_id\":\"c-2\",\"order_timestamp\":1764144000000,"
          + "\"quantity\":1}\n";

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Parquet file of orders with {@code idColumn} as the name of the first column. */
  static byte[] ordersParquet(Path dir, String idColumn) {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, idColumn, Types.StringType.get()),
            Types.NestedField.required(2, "customer_id", Types.StringType.get()),
            Types.NestedField.optional(3, "order_timestamp", Types.TimestampType.withZone()),
            Types.NestedField.optional(4, "quantity", Types.IntegerType.get()),
            Types.NestedField.optional(5, "unit_price", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(6, "coupon", Types.StringType.get()));
    try {
      Path file = Files.createTempFile(dir, "orders", ".parquet");
      Files.delete(file);
      try (FileAppender<GenericRecord> appender =
          Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
              .schema(schema)
              .createWriterFunc(GenericParquetWriter::create)
              .build()) {
        for (int i = 0; i < 20; i++) {
          GenericRecord record = GenericRecord.create(schema);
          record.set(0, "o-" + i);
          record.set(1, "c-" + (i % 3));
          record.set(2, java.time.OffsetDateTime.parse("2026-11-26T08:00:00Z").plusMinutes(i));
          record.set(3, i + 1);
          record.set(4, new BigDecimal("9.99"));
          record.set(5, null);
          appender.add(record);
        }
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String text) {
    return text.lines().toList();
  }
}
