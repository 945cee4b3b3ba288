package io.gridata.core.rawzone;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Strict UTF-8 text of a stream: the first byte sequence that is not UTF-8 stops the reading with a
 * message naming the byte, its offset and its line, kept in {@link #error()} whatever a parser
 * reading through this reader makes of the exception.
 */
final class Utf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
  private long consumed;
  private long line = 1;
  private boolean eof;
  private boolean flushed;
  private String error;

  Utf8Reader(InputStream in) {
    this.in = in;
  }

  /** Why the text is not UTF-8, once a malformed sequence was met. */
  Optional<String> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (error != null) {
      throw new CharacterCodingException();
    }
    if (length == 0) {
      return 0;
    }
    CharBuffer out = CharBuffer.wrap(buffer, offset, length);
    while (true) {
      int start = bytes.position();
      CoderResult result = eof && flushed ? CoderResult.UNDERFLOW : decoder.decode(bytes, out, eof);
      consumed += bytes.position() - start;
      int produced = out.position() - offset;
      countLines(buffer, offset, produced);
      if (result.isError()) {
        int bad = bytes.get(bytes.position()) & 0xff;
        error =
            String.format(
                Locale.ROOT,
                "byte 0x%02X at offset %d (line %d) is not valid UTF-8",
                bad,
                consumed,
                line);
        throw new CharacterCodingException();
      }
      if (produced > 0) {
        return produced;
      }
      if (eof) {
        if (!flushed) {
          decoder.flush(out);
          flushed = true;
          produced = out.position() - offset;
          if (produced > 0) {
            return produced;
          }
        }
        return -1;
      }
      if (result.isOverflow()) {
        return 0; // cannot happen with length > 0; kept for the contract of decode
      }
      bytes.compact();
      int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (read < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + read);
      }
      bytes.flip();
    }
  }

  private void countLines(char[] buffer, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      if (buffer[i] == '\n') {
        line++;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
