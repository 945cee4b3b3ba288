package io.gridata.core.rawzone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sensor polling, timeout and settle logic on a fake clock: no test sleeps. */
class RawZoneSensorTest {
  private static final RawPartition PARTITION =
      RawPartition.of("ecommerce", "orders", LocalDate.of(2026, 11, 26));

  private Path root;
  private RawZone zone;
  private FakeClock clock;
  private final List<Duration> sleeps = new ArrayList<>();

  /** A clock that the sleeper moves forward; an action can run at each sleep. */
  static final class FakeClock extends Clock {
    private Instant now = Instant.parse("2026-11-26T06:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }
  }

  @BeforeEach
  void open() throws IOException {
    root = Files.createTempDirectory("gridata-sensor");
    zone = RawZone.open(RawZoneConfig.local(root).build());
    clock = new FakeClock();
  }

  @AfterEach
  void close() {
    zone.close();
  }

  private Sleeper sleeper(Consumer<Integer> onSleep) {
    return duration -> {
      sleeps.add(duration);
      clock.advance(duration);
      onSleep.accept(sleeps.size());
    };
  }

  private void land(String name, String content) {
    zone.land(PARTITION.file(name), new ByteArrayInputStream(Fixtures.bytes(content)));
  }

  @Test
  void returnsAtOnceWhenAMatchingFileIsAlreadyThere() {
    land("orders-1.parquet", "x");
    land("customers-1.parquet", "x");

    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .pattern("orders*.parquet")
            .clock(clock)
            .sleeper(sleeper(n -> {}))
            .build()
            .await();

    assertThat(result.found()).isTrue();
    assertThat(result.polls()).isEqualTo(1);
    assertThat(result.files())
        .extracting(o -> o.key().fileName())
        .containsExactly("orders-1.parquet");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void pollsEveryIntervalUntilAMatchingFileArrives() {
    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .pattern("orders*.parquet")
            .clock(clock)
            .sleeper(
                sleeper(
                    n -> {
                      if (n == 2) {
                        land("orders-7.csv", "not matching");
                      }
                      if (n == 3) {
                        land("orders-7.parquet", "matching");
                      }
                    }))
            .build()
            .await();

    assertThat(result.found()).isTrue();
    assertThat(result.polls()).isEqualTo(4);
    assertThat(sleeps).containsOnly(Duration.ofSeconds(60)).hasSize(3);
    assertThat(result.waited()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void timesOutAfterTheTimeoutWithoutSleepingPastIt() {
    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .pattern("orders*.parquet")
            .pollInterval(Duration.ofMinutes(7))
            .timeout(Duration.ofMinutes(30))
            .clock(clock)
            .sleeper(sleeper(n -> {}))
            .build()
            .await();

    assertThat(result.found()).isFalse();
    assertThat(result.files()).isEmpty();
    assertThat(result.waited()).isEqualTo(Duration.ofMinutes(30));
    assertThat(sleeps).startsWith(Duration.ofMinutes(7)).endsWith(Duration.ofMinutes(2));
    assertThat(result.polls()).isEqualTo(6);
  }

  @Test
  void defaultsAreOneMinutePollAndOneHourTimeout() {
    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .clock(clock)
            .sleeper(sleeper(n -> {}))
            .build()
            .await();

    assertThat(result.found()).isFalse();
    assertThat(result.waited()).isEqualTo(Duration.ofHours(1));
    assertThat(result.polls()).isEqualTo(61);
  }

  @Test
  void aFileCountsOnlyOnceItsSizeAndEtagStayUnchangedForTheSettleTime() throws IOException {
    land("orders-1.csv", "a\n");
    Path file = root.resolve(PARTITION.file("orders-1.csv").path());

    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .pattern("orders-*.csv")
            .pollInterval(Duration.ofSeconds(10))
            .settleTime(Duration.ofSeconds(25))
            .clock(clock)
            .sleeper(
                sleeper(
                    n -> {
                      if (n <= 2) {
                        try {
                          // still being written: grows between polls
                          Files.writeString(file, "a\n".repeat(n + 1));
                        } catch (IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      }
                    }))
            .build()
            .await();

    assertThat(result.found()).isTrue();
    assertThat(result.files().get(0).size()).isEqualTo(6);
    // changed at t=10 and t=20; unchanged from t=20 on, so settled at t=45
    assertThat(result.waited()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void anUnsettledFileIsReportedOnTimeout() throws IOException {
    land("orders-1.csv", "a\n");
    Path file = root.resolve(PARTITION.file("orders-1.csv").path());

    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .pollInterval(Duration.ofSeconds(10))
            .timeout(Duration.ofSeconds(60))
            .settleTime(Duration.ofSeconds(30))
            .clock(clock)
            .sleeper(
                sleeper(
                    n -> {
                      try {
                        Files.writeString(file, "a\n".repeat(n + 1));
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }))
            .build()
            .await();

    assertThat(result.found()).isFalse();
    assertThat(result.unsettled())
        .extracting(o -> o.key().fileName())
        .containsExactly("orders-1.csv");
  }

  @Test
  void waitsForTheRequestedNumberOfFiles() {
    RawZoneSensor.Result result =
        RawZoneSensor.builder(zone, PARTITION)
            .minFiles(2)
            .clock(clock)
            .sleeper(sleeper(n -> land("part-" + n + ".json", "{}")))
            .build()
            .await();

    assertThat(result.found()).isTrue();
    assertThat(result.files()).hasSize(2);
    assertThat(result.polls()).isEqualTo(3);
  }
}
