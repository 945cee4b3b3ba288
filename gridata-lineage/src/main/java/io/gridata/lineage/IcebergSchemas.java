package io.gridata.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts an Iceberg schema to {@link SchemaField}s.
 *
 * <p>Every column becomes a field whose path is its name; the fields of a struct follow it as
 * {@code parent.child}; the fields of a struct inside a list follow the list as {@code list.child}
 * (DataHub's simple field paths have no level for the list element). Map keys and values are
 * described by the map field's native type only. Nullability is Iceberg's {@code optional}; the
 * description is the column's {@code doc}.
 *
 * <p>Needs {@code iceberg-api} on the classpath (every Iceberg application has it).
 */
public final class IcebergSchemas {
  private IcebergSchemas() {}

  /** The fields of {@code schema}, in column order, nested fields after their parent. */
  public static List<SchemaField> fields(Schema schema) {
    requireNonNull(schema, "schema is null");
    List<SchemaField> out = new ArrayList<>();
    addStruct("", schema.asStruct(), out);
    return List.copyOf(out);
  }

  private static void addStruct(String prefix, Types.StructType struct, List<SchemaField> out) {
    for (Types.NestedField column : struct.fields()) {
      String path = prefix + column.name();
      Type type = column.type();
      out.add(
          new SchemaField(path, typeOf(type), type.toString(), column.isOptional(), column.doc()));
      if (type.isStructType()) {
        addStruct(path + ".", type.asStructType(), out);
      } else if (type.isListType() && type.asListType().elementType().isStructType()) {
        addStruct(path + ".", type.asListType().elementType().asStructType(), out);
      }
    }
  }

  /** The DataHub logical type of an Iceberg type. */
  static FieldType typeOf(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> FieldType.BOOLEAN;
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> FieldType.NUMBER;
      case STRING, UUID -> FieldType.STRING;
      case BINARY -> FieldType.BYTES;
      case FIXED -> FieldType.FIXED;
      case DATE -> FieldType.DATE;
      case TIME, TIMESTAMP, TIMESTAMP_NANO -> FieldType.TIME;
      case STRUCT -> FieldType.RECORD;
      case LIST -> FieldType.ARRAY;
      case MAP -> FieldType.MAP;
      default -> FieldType.NULL;
    };
  }
}
