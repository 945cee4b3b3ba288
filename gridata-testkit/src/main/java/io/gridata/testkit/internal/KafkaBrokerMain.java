package io.gridata.testkit.internal;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Entry point of the Kafka broker's child JVM: formats the KRaft storage directory (once: a
 * formatted directory is kept, so a restarted broker keeps its topics) and runs {@code
 * kafka.Kafka}. Reaches Kafka by reflection: the testkit compiles without the broker's jars, which
 * only the child's class path holds.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  /**
   * Formats and runs.
   *
   * @param args the server properties file and the cluster id
   * @throws Exception whatever Kafka throws
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("Usage: KafkaBrokerMain <server.properties> <cluster-id>");
    }
    String properties = args[0];
    String clusterId = args[1];
    Method execute =
        Class.forName("kafka.tools.StorageTool")
            .getMethod("execute", String[].class, PrintStream.class);
    int formatted =
        (Integer)
            execute.invoke(
                null,
                new String[] {
                  "format", "-t", clusterId, "-c", properties, "--ignore-formatted", "--standalone"
                },
                System.out);
    if (formatted != 0) {
      throw new IllegalStateException(
          "Cannot format Kafka storage: StorageTool exited " + formatted);
    }
    Class.forName("kafka.Kafka")
        .getMethod("main", String[].class)
        .invoke(null, (Object) new String[] {properties});
  }
}
