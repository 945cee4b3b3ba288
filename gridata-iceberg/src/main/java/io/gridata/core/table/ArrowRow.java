package io.gridata.core.table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.UUIDUtil;

/**
 * One row of a set of Arrow vectors seen as an Iceberg {@link StructLike} in Iceberg's internal
 * representation (int days, long micros, {@code CharSequence}, {@code ByteBuffer}, {@code
 * BigDecimal}, {@code UUID}), so an {@code Evaluator} can test it. A cursor: {@link #at(int)} moves
 * it.
 */
final class ArrowRow implements StructLike {
  private final Type.TypeID[] types;
  private final FieldVector[] vectors;
  private int row;

  ArrowRow(Schema schema, FieldVector[] vectors) {
    this.vectors = vectors;
    this.types = new Type.TypeID[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      types[i] = schema.columns().get(i).type().typeId();
    }
  }

  ArrowRow at(int newRow) {
    this.row = newRow;
    return this;
  }

  @Override
  public int size() {
    return vectors.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(value(pos));
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("Arrow rows are read-only");
  }

  private Object value(int pos) {
    FieldVector vector = vectors[pos];
    if (vector.isNull(row)) {
      return null;
    }
    switch (types[pos]) {
      case BOOLEAN:
        return ((BitVector) vector).get(row) != 0;
      case INTEGER:
        return ((IntVector) vector).get(row);
      case LONG:
        return ((BigIntVector) vector).get(row);
      case FLOAT:
        return ((Float4Vector) vector).get(row);
      case DOUBLE:
        return ((Float8Vector) vector).get(row);
      case DATE:
        return ((DateDayVector) vector).get(row);
      case TIME:
        return ((TimeMicroVector) vector).get(row);
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        return ((TimeStampVector) vector).get(row);
      case STRING:
        return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case BINARY:
        return ByteBuffer.wrap(((VarBinaryVector) vector).get(row));
      case FIXED:
        return ByteBuffer.wrap(((FixedSizeBinaryVector) vector).get(row));
      case UUID:
        return UUIDUtil.convert(((FixedSizeBinaryVector) vector).get(row));
      case DECIMAL:
        return ((DecimalVector) vector).getObject(row);
      default:
        throw new UnsupportedOperationException("Cannot read " + types[pos] + " from Arrow");
    }
  }
}
