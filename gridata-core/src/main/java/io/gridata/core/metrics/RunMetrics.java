package io.gridata.core.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.gridata.core.run.RunSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A pipeline's metrics on a Micrometer registry: step durations, rows, files and quality rule
 * failures, each tagged with the pipeline's name. With {@link #prometheus(String)} they can be
 * written in Prometheus' text format at the end of a run ({@link #writeTo}) or served for scraping
 * ({@link #serve}); with an application's own registry they go wherever it sends them.
 *
 * <p>Meters (Prometheus names in brackets): {@code gridata.step.duration} timer tagged {@code
 * step}, {@code outcome} ({@code gridata_step_duration_seconds}); {@code gridata.rows} counter
 * tagged {@code kind}: read, written, quarantined, duplicates ({@code gridata_rows_total}); {@code
 * gridata.files} counter tagged {@code status}: accepted, rejected ({@code gridata_files_total});
 * {@code gridata.quality.rule.failures} counter tagged {@code severity} ({@code
 * gridata_quality_rule_failures_total}); {@code gridata.step.retries} counter tagged {@code step}
 * ({@code gridata_step_retries_total}); {@code gridata.runs} counter tagged {@code outcome} ({@code
 * gridata_runs_total}). All carry {@code pipeline}.
 */
public final class RunMetrics {
  private final MeterRegistry registry;
  private final String pipeline;

  /** Metrics of {@code pipeline} on {@code registry}. */
  public RunMetrics(MeterRegistry registry, String pipeline) {
    this.registry = requireNonNull(registry, "registry is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
  }

  /** Metrics of {@code pipeline} on a new Prometheus registry. */
  public static RunMetrics prometheus(String pipeline) {
    return new RunMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), pipeline);
  }

  /** The registry. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Records that {@code step} took {@code duration} and succeeded or not. */
  public void step(String step, Duration duration, boolean succeeded) {
    Timer.builder("gridata.step.duration")
        .description("Duration of a pipeline step")
        .tags("pipeline", pipeline, "step", step, "outcome", succeeded ? "success" : "failure")
        .register(registry)
        .record(duration);
  }

  /** Adds {@code count} retried attempts of {@code step} (attempts after the first). */
  public void retries(String step, long count) {
    counter("gridata.step.retries", "Retried attempts of a pipeline step", "step", step)
        .increment(count);
  }

  /** Counts one run that ended with {@code outcome} (e.g. published, refused, failed). */
  public void run(String outcome) {
    counter("gridata.runs", "Pipeline runs by outcome", "outcome", outcome).increment();
  }

  /**
   * Records the steps of {@code summary} that ran: each one's duration ({@link #step}, outcome
   * success or failure) and retries ({@link #retries}, zero included, so that the series exists
   * before the first retry). Skipped steps are not recorded.
   */
  public void steps(RunSummary summary) {
    requireNonNull(summary, "summary is null");
    for (RunSummary.StepSummary step : summary.steps()) {
      if (step.status() == RunSummary.Status.SKIPPED) {
        continue;
      }
      step(step.name(), step.duration(), step.status() == RunSummary.Status.SUCCEEDED);
      retries(step.name(), step.retries());
    }
  }

  /** Adds {@code count} rows of {@code kind} (read, written, quarantined, duplicates). */
  public void rows(String kind, long count) {
    counter("gridata.rows", "Rows by what became of them", "kind", kind).increment(count);
  }

  /** Adds {@code count} files of {@code status} (accepted, rejected). */
  public void files(String status, long count) {
    counter("gridata.files", "Raw files by outcome", "status", status).increment(count);
  }

  /** Adds {@code count} failed quality rules of {@code severity} (error, warn). */
  public void qualityRuleFailures(String severity, long count) {
    counter("gridata.quality.rule.failures", "Failed quality rules", "severity", severity)
        .increment(count);
  }

  /** The metrics in Prometheus' text exposition format (needs the Prometheus registry). */
  public String scrape() {
    return prometheusRegistry().scrape();
  }

  /**
   * Writes {@link #scrape()} to {@code file} (replacing it): for a node exporter's textfile dir.
   */
  public void writeTo(Path file) throws IOException {
    Files.writeString(file, scrape(), StandardCharsets.UTF_8);
  }

  /**
   * Serves {@link #scrape()} at {@code http://<address>/metrics} with the JDK's HTTP server until
   * the returned server is stopped.
   */
  public HttpServer serve(InetSocketAddress address) throws IOException {
    PrometheusMeterRegistry prometheus = prometheusRegistry();
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private Counter counter(String name, String description, String tag, String value) {
    return Counter.builder(name)
        .description(description)
        .tags("pipeline", pipeline, tag, value)
        .register(registry);
  }

  private PrometheusMeterRegistry prometheusRegistry() {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    throw new IllegalStateException(
        "Cannot write Prometheus text: the metrics of "
            + pipeline
            + " are on a "
            + registry.getClass().getSimpleName()
            + "; use RunMetrics.prometheus(...)");
  }
}
