package io.gridata.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of the testkit's child JVMs: runs the real main class and halts the child as soon as
 * its standard input reaches end-of-file, which happens when the parent JVM exits for any reason,
 * including {@code kill -9}. Without it a crashed test run would leave an S3 server behind.
 *
 * <p>Uses only the JDK: it runs on the child's classpath, next to the server's own jar.
 */
public final class ParentWatchdog {
  private ParentWatchdog() {}

  /**
   * Runs {@code args[0]}'s main method with the remaining arguments.
   *
   * @param args the main class name followed by its arguments
   * @throws Exception whatever the wrapped main method throws
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("Cannot start child: no main class given");
    }
    Thread watcher = new Thread(ParentWatchdog::haltOnEndOfInput, "gridata-parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  private static void haltOnEndOfInput() {
    InputStream in = System.in;
    try {
      while (in.read() != -1) {
        // the parent never writes; reading only waits for the pipe to close
      }
    } catch (IOException parentGone) {
      // a broken pipe means the same as end-of-file
    }
    Runtime.getRuntime().halt(0);
  }
}
