package io.gridata.core.rawzone;

import io.gridata.core.rawzone.FormatSniffer.SniffException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Follows the RFC-4180 structure of all the CSV text read through it (a parser reads the leading
 * records, {@link #drain} the rest): a field is quoted when it starts with {@code "}, {@code ""}
 * inside quotes is one quote, and line breaks inside quotes belong to the field. Catches what only
 * the whole file shows and what Spark's reader would otherwise turn into one huge record or split
 * records: a quote that never closes, and records ended by a bare carriage return.
 */
final class CsvStructure extends FilterReader {
  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private final char separator;
  private State state = State.FIELD_START;
  private boolean pendingCr;
  private long line = 1;
  private long quoteLine;
  private long bareCrLine;

  CsvStructure(Reader in, char separator) {
    super(in);
    this.separator = separator;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      scan((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int count = super.read(buffer, offset, length);
    for (int i = offset; i < offset + count; i++) {
      scan(buffer[i]);
    }
    return count;
  }

  /** Reads what the parser left, to the end of the text. */
  void drain() throws IOException {
    char[] buffer = new char[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // scanned by read
    }
  }

  /** Fails when the text, read to its end, breaks the structure Spark's reader relies on. */
  void check() throws SniffException {
    if (state == State.QUOTED) {
      throw new SniffException(
          "CSV has an unterminated quoted field starting on line "
              + quoteLine
              + ": the closing \" is missing, so every later record would run into it; the file"
              + " is truncated, or a quote inside a quoted value is not doubled (\"\")");
    }
    if (bareCrLine > 0) {
      throw new SniffException(
          "CSV ends its records with a bare carriage return (CR, first on line "
              + bareCrLine
              + "), which Spark's reader does not take as a line end; re-export the file with LF"
              + " or CRLF line ends");
    }
  }

  private void scan(char c) {
    if (pendingCr) {
      pendingCr = false;
      if (c != '\n' && bareCrLine == 0) {
        bareCrLine = line;
      }
    }
    if (c == '\n') {
      line++;
    }
    switch (state) {
      case FIELD_START, UNQUOTED -> {
        if (c == '"' && state == State.FIELD_START) {
          state = State.QUOTED;
          quoteLine = line;
        } else {
          endOfFieldOrRecord(c, State.UNQUOTED);
        }
      }
      case QUOTED -> {
        if (c == '"') {
          state = State.QUOTE_IN_QUOTED;
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (c == '"') {
          state = State.QUOTED; // a doubled quote
        } else {
          endOfFieldOrRecord(c, State.UNQUOTED);
        }
      }
    }
  }

  private void endOfFieldOrRecord(char c, State otherwise) {
    if (c == separator || c == '\n') {
      state = State.FIELD_START;
    } else if (c == '\r') {
      state = State.FIELD_START;
      pendingCr = true;
    } else {
      state = otherwise;
    }
  }
}
