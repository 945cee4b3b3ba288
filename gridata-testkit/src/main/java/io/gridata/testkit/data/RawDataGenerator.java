package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, deterministic generator of raw e-commerce files (orders, customers, clickstream) in CSV,
 * JSON lines and Parquet, with optional defects and a manifest of what was injected. The same seed,
 * customer pool and {@link FileSpec} always give byte-identical files; each file draws from its own
 * random stream derived from the seed and its key, so a file does not change when other files are
 * added to a drop.
 *
 * <pre>{@code
 * RawDataGenerator generator = RawDataGenerator.withSeed(42);
 * DropManifest drop = generator.writeDrop(
 *     RawTarget.localDirectory(workDir),
 *     DropPlan.builder(LocalDate.of(2026, 11, 1)).days(2).ordersFilesPerDay(3)
 *         .rowDefect(RowDefect.BAD_TIMESTAMP, 4)
 *         .fileDefect(FileDefect.EMPTY_FILE, 1)
 *         .build());
 * }</pre>
 *
 * <p>What the data looks like: orders reference customers {@code CUST-00001..CUST-<pool>} and
 * products {@code PROD-0001..PROD-0200}; order timestamps alternate between ISO-8601 with offset
 * ({@code 2026-11-01T14:03:07+05:30}), {@code yyyy-MM-dd HH:mm:ss} in UTC and epoch millis;
 * statuses come in upper, lower and capitalized case; discount, tax, shipping_cost, currency,
 * payment_method and channel are sometimes null. A customers file with {@code n} rows holds {@code
 * CUST-00001..CUST-n}. Clickstream comes in sessions, about 30% anonymous (null customer_id) and
 * 15% with a null session_id.
 *
 * <p>Parquet is written with Iceberg's generic Parquet writer, which needs Hadoop classes at
 * runtime ({@code org.apache.hadoop.conf.Configuration}): a Spark application or a test with Spark
 * on the classpath has them; otherwise add {@code hadoop-client-api} and {@code
 * hadoop-client-runtime}. CSV and JSON need no Hadoop.
 */
public final class RawDataGenerator {
  /** Customers referenced by default: {@code CUST-00001..CUST-00050}. */
  public static final int DEFAULT_CUSTOMER_POOL = 50;

  private final long seed;
  private final int customerPool;

  private RawDataGenerator(long seed, int customerPool) {
    if (customerPool < 1) {
      throw new IllegalArgumentException(
          "Cannot create generator: customer pool must be >= 1 (" + customerPool + ")");
    }
    this.seed = seed;
    this.customerPool = customerPool;
  }

  /** A generator with this seed and the default customer pool. */
  public static RawDataGenerator withSeed(long seed) {
    return new RawDataGenerator(seed, DEFAULT_CUSTOMER_POOL);
  }

  /** A copy that references customers {@code CUST-00001..CUST-<pool>}. */
  public RawDataGenerator withCustomerPool(int pool) {
    return new RawDataGenerator(seed, pool);
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** Number of customers that orders and clickstream reference. */
  public int customerPool() {
    return customerPool;
  }

  /** The id of the n-th customer (1-based): {@code CUST-%05d}. */
  public static String customerId(int n) {
    return RowGenerator.customerId(n);
  }

  /** Generates one file in memory. */
  public GeneratedFile generate(FileSpec spec) {
    requireNonNull(spec, "spec is null");
    RawDataset dataset = spec.dataset();
    byte[] keyHash = sha256(spec.key().getBytes(StandardCharsets.UTF_8));
    SplittableRandom random =
        new SplittableRandom(mix(seed) ^ ByteBuffer.wrap(keyHash, 0, 8).getLong());
    String tag = HexFormat.of().formatHex(keyHash, 0, 4);
    RowGenerator.Result result = new RowGenerator(random, spec, customerPool, tag).generate();

    List<String> header = new ArrayList<>(dataset.columnNames());
    String detail = null;
    FileDefect fileDefect = spec.fileDefect();
    if (fileDefect == FileDefect.WRONG_HEADER) {
      String renamed = dataset.idColumn().replace("_", "");
      header.set(0, renamed);
      detail = String.format("required column %s renamed to %s", dataset.idColumn(), renamed);
    }
    byte[] content = FileEncoder.encode(spec.format(), header, dataset.columns(), result.rows());
    int recordCount = result.rows().size();
    if (fileDefect == FileDefect.EMPTY_FILE) {
      content = new byte[0];
      recordCount = 0;
      detail = "file has 0 bytes";
    } else if (fileDefect == FileDefect.CORRUPT_PARQUET) {
      int footerLength =
          ByteBuffer.wrap(content, content.length - 8, 4)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .getInt();
      int keep = content.length - 8 - footerLength / 2;
      detail =
          String.format(
              "Parquet footer truncated: %d of %d bytes kept, trailing magic missing",
              keep, content.length);
      content = Arrays.copyOf(content, keep);
    }
    String digest = HexFormat.of().formatHex(sha256(content));
    String sidecarDigest = digest;
    if (fileDefect == FileDefect.CHECKSUM_MISMATCH) {
      sidecarDigest =
          HexFormat.of().formatHex(sha256((digest + "-mismatch").getBytes(StandardCharsets.UTF_8)));
      detail = "sidecar names " + sidecarDigest + " but the file's SHA-256 is " + digest;
    }
    byte[] sidecar =
        (sidecarDigest + "  " + spec.fileName() + "\n").getBytes(StandardCharsets.UTF_8);

    Map<RowDefect, Integer> quarantined = new EnumMap<>(RowDefect.class);
    int duplicates = 0;
    int defective = 0;
    for (InjectedDefect d : result.defects()) {
      if (d.defect().quarantined()) {
        quarantined.put(d.defect(), d.count());
        defective += d.count();
      } else {
        duplicates += d.count();
      }
    }
    boolean rejected = fileDefect != null;
    FileManifest manifest =
        new FileManifest(
            spec.key(),
            dataset,
            spec.format(),
            spec.date().toString(),
            recordCount,
            rejected ? 0 : spec.rows() - defective,
            rejected ? Map.of() : quarantined,
            rejected ? 0 : duplicates,
            fileDefect,
            detail,
            rejected,
            digest,
            result.defects());
    return new GeneratedFile(spec, content, sidecar, manifest);
  }

  /** Generates one file and writes it and its {@code .sha256} sidecar to {@code target}. */
  public FileManifest write(RawTarget target, FileSpec spec) {
    requireNonNull(target, "target is null");
    GeneratedFile file = generate(spec);
    target.put(file.key(), file.content());
    target.put(file.manifest().sidecarKey(), file.sidecar());
    return file.manifest();
  }

  /**
   * Writes every file of {@code specs} with its sidecar, then the drop manifest at {@link
   * DropManifest#keyFor(String)}.
   */
  public DropManifest writeDrop(RawTarget target, String dropId, List<FileSpec> specs) {
    requireNonNull(target, "target is null");
    requireNonNull(dropId, "dropId is null");
    requireNonNull(specs, "specs is null");
    long distinctKeys = specs.stream().map(FileSpec::key).distinct().count();
    if (distinctKeys != specs.size()) {
      throw new IllegalArgumentException(
          "Cannot write drop " + dropId + ": two file specs share a key");
    }
    List<FileManifest> files = new ArrayList<>();
    for (FileSpec spec : specs) {
      files.add(write(target, spec));
    }
    DropManifest manifest = new DropManifest(dropId, seed, customerPool, files);
    target.put(manifest.key(), manifest.toJson().getBytes(StandardCharsets.UTF_8));
    return manifest;
  }

  /** Writes the files of {@code plan} (see {@link DropPlan#files(int)}) and the drop manifest. */
  public DropManifest writeDrop(RawTarget target, DropPlan plan) {
    requireNonNull(plan, "plan is null");
    return writeDrop(target, plan.dropId(), plan.files(customerPool));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "RawDataGenerator[seed=" + seed + ", customerPool=" + customerPool + "]";
  }
}
