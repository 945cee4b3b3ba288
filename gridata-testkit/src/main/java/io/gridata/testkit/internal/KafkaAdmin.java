package io.gridata.testkit.internal;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Admin clients for the testkit's brokers, with short timeouts: they answer at once or not at all.
 */
public final class KafkaAdmin {
  private KafkaAdmin() {}

  /** A new Admin client of {@code servers}; close it. */
  public static Admin create(String servers) {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    return Admin.create(p);
  }
}
