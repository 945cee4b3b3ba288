package io.gridata.core.rawzone.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridata.core.GridataException;
import io.gridata.core.InvalidInputException;
import io.gridata.core.NotFoundException;
import io.gridata.core.rawzone.AuditRecord;
import io.gridata.core.rawzone.IgnoredFile;
import io.gridata.core.rawzone.LandedFile;
import io.gridata.core.rawzone.RawKey;
import io.gridata.core.rawzone.RawObject;
import io.gridata.core.rawzone.RawPartition;
import io.gridata.core.rawzone.RawZone;
import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.core.rawzone.RejectedFile;
import io.gridata.core.rawzone.RejectionManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The raw-zone logic, written once over a {@link BlobStore} so both backends behave the same. */
final class BlobRawZone implements RawZone {
  private static final Logger LOG = LoggerFactory.getLogger(BlobRawZone.class);
  private static final String AUDIT_PREFIX = "raw/_audit/";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RawZoneConfig config;
  private final BlobStore store;
  private final Clock clock;

  BlobRawZone(RawZoneConfig config, BlobStore store, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public RawZoneConfig config() {
    return config;
  }

  @Override
  public URI uri(String path) {
    return store.uri(path);
  }

  @Override
  public LandedFile land(RawKey key, Path source) {
    requireNonNull(key, "key is null");
    requireNonNull(source, "source is null");
    try (InputStream in = Files.newInputStream(source)) {
      return land(key, in);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Cannot land %s: source file %s does not exist", key, source);
    } catch (IOException e) {
      throw new GridataException(e, "Cannot land %s: cannot read %s (%s)", key, source, e);
    }
  }

  @Override
  public LandedFile land(RawKey key, InputStream source) {
    requireNonNull(key, "key is null");
    requireNonNull(source, "source is null");
    // the store hashes in its one pass over the source, and writes the sidecar from that hash
    PutResult put =
        store
            .putNew(
                key.path(),
                source,
                key.sidecarPath(),
                sha -> (sha + "  " + key.fileName() + "\n").getBytes(StandardCharsets.UTF_8))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Cannot land %s: a file already exists there; land under another name"
                            + " (landed files are never overwritten)",
                        uri(key.path())));
    String sha = put.sha256();
    LOG.info(
        "Landed {} ({} bytes, sha256 {}{})",
        uri(key.path()),
        put.size(),
        sha,
        put.multipart() ? ", multipart" : "");
    return new LandedFile(key, put.size(), sha, put.etag(), put.multipart());
  }

  @Override
  public Optional<RawObject> stat(RawKey key) {
    requireNonNull(key, "key is null");
    return store.head(key.path()).map(stat -> toObject(key, stat));
  }

  private static RawObject toObject(RawKey key, BlobStat stat) {
    return new RawObject(key, stat.size(), stat.etag(), stat.lastModified(), stat.sha256());
  }

  @Override
  public List<RawObject> list(RawPartition partition) {
    requireNonNull(partition, "partition is null");
    List<RawObject> files = new ArrayList<>();
    for (BlobStat stat : store.list(partition.prefix())) {
      String name = stat.name();
      if (name.startsWith(".")
          || name.endsWith(RawKey.SHA256_SUFFIX)
          || name.endsWith(RawKey.MANIFEST_SUFFIX)) {
        continue;
      }
      try {
        files.add(toObject(partition.file(name), stat));
      } catch (InvalidInputException badName) {
        LOG.warn(
            "Ignoring {} in {}: {}", stat.path(), uri(partition.prefix()), badName.getMessage());
      }
    }
    return List.copyOf(files);
  }

  @Override
  public List<IgnoredFile> ignored(RawPartition partition) {
    requireNonNull(partition, "partition is null");
    List<BlobStat> all = store.list(partition.prefix());
    Set<String> names = new HashSet<>();
    all.forEach(stat -> names.add(stat.name()));
    List<IgnoredFile> ignored = new ArrayList<>();
    for (BlobStat stat : all) {
      String name = stat.name();
      if (name.startsWith(".")) {
        ignored.add(
            new IgnoredFile(
                stat.path(),
                name,
                "not read: the name starts with '.', so it is a hidden or temporary file (a landing in"
                    + " progress uses one); if it is data, rename it without the leading '.'"));
      } else if (name.endsWith(RawKey.SHA256_SUFFIX)) {
        String data = name.substring(0, name.length() - RawKey.SHA256_SUFFIX.length());
        if (!names.contains(data)) {
          ignored.add(
              new IgnoredFile(
                  stat.path(),
                  name,
                  "checksum sidecar with no "
                      + data
                      + " beside it: land the file it describes, or delete it if the file was"
                      + " withdrawn"));
        }
      }
    }
    ignored.sort(Comparator.comparing(IgnoredFile::name));
    return List.copyOf(ignored);
  }

  @Override
  public InputStream open(RawKey key) {
    requireNonNull(key, "key is null");
    return store.get(key.path());
  }

  @Override
  public byte[] readRange(RawKey key, long offset, int length) {
    requireNonNull(key, "key is null");
    InvalidInputException.check(
        offset >= 0 && length >= 0,
        "Cannot read %s: invalid range offset=%s length=%s",
        key,
        offset,
        length);
    return store.getRange(key.path(), offset, length);
  }

  @Override
  public Optional<String> sidecar(RawKey key) {
    requireNonNull(key, "key is null");
    return readText(key.sidecarPath()).map(String::trim);
  }

  private Optional<String> readText(String path) {
    if (store.head(path).isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = store.get(path)) {
      return Optional.of(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8));
    } catch (NotFoundException vanished) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public RejectedFile reject(RawKey key, RejectionManifest manifest) {
    requireNonNull(key, "key is null");
    requireNonNull(manifest, "manifest is null");
    InvalidInputException.check(
        manifest.key().equals(key),
        "Cannot reject %s: the manifest describes %s",
        key,
        manifest.key());
    BlobStat stat =
        store
            .head(key.path())
            .orElseThrow(
                () -> new NotFoundException("Cannot reject %s: no such file", uri(key.path())));
    RawKey target = key;
    RejectionManifest written = manifest;
    if (store.head(key.rejectedPath()).isPresent()) {
      // A bad file re-sent under the name of one already rejected: rejected under a fresh name so
      // that both files and both manifests are kept and the day goes on.
      target = freshRejectedKey(key);
      written =
          new RejectionManifest(
              target,
              manifest.size(),
              manifest.sha256(),
              manifest.runId(),
              manifest.rejectedAt(),
              manifest.reason()
                  + " (re-sent as "
                  + key.fileName()
                  + " while an earlier "
                  + key.fileName()
                  + " is already rejected: kept as "
                  + target.fileName()
                  + "; replay puts it back under that name)",
              manifest.checks());
    }
    String manifestPath = target.rejectedPath() + RawKey.MANIFEST_SUFFIX;
    // Manifest first, then the file, then its sidecar: a crash never leaves the file in neither
    // place, and a rejected file without a manifest cannot appear.
    store.putBytes(manifestPath, written.toJson().getBytes(StandardCharsets.UTF_8));
    store.move(key.path(), target.rejectedPath());
    if (store.head(key.sidecarPath()).isPresent()) {
      store.move(key.sidecarPath(), target.rejectedPath() + RawKey.SHA256_SUFFIX);
    }
    LOG.warn(
        "Rejected {} -> {}: {}", uri(key.path()), uri(target.rejectedPath()), written.reason());
    return new RejectedFile(target, stat.size(), written);
  }

  /**
   * {@code orders.csv} -> {@code orders.resent-2.csv} (then -3, ...): the first name free both in
   * the rejected tree and at the original place (where a replay would put it); the extension (with
   * {@code .gz}) is kept so that the format is still known from the name.
   */
  private RawKey freshRejectedKey(RawKey key) {
    String name = key.fileName();
    int dot = name.lastIndexOf('.');
    if (dot > 0 && name.substring(dot).equalsIgnoreCase(".gz")) {
      int inner = name.lastIndexOf('.', dot - 1);
      dot = inner > 0 ? inner : dot;
    }
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    for (int n = 2; ; n++) {
      RawKey candidate = key.partition().file(stem + ".resent-" + n + extension);
      if (store.head(candidate.rejectedPath()).isEmpty()
          && store.head(candidate.path()).isEmpty()) {
        return candidate;
      }
    }
  }

  @Override
  public List<RejectedFile> listRejected(RawPartition partition) {
    requireNonNull(partition, "partition is null");
    List<RejectedFile> files = new ArrayList<>();
    for (BlobStat stat : store.list(partition.rejectedPrefix())) {
      String name = stat.name();
      if (name.startsWith(".")
          || name.endsWith(RawKey.SHA256_SUFFIX)
          || name.endsWith(RawKey.MANIFEST_SUFFIX)) {
        continue;
      }
      try {
        RawKey key = partition.file(name);
        files.add(new RejectedFile(key, stat.size(), manifestOf(key, stat)));
      } catch (InvalidInputException badName) {
        LOG.warn("Ignoring {}: {}", stat.path(), badName.getMessage());
      }
    }
    return List.copyOf(files);
  }

  @Override
  public Optional<RejectedFile> rejected(RawKey key) {
    requireNonNull(key, "key is null");
    return store
        .head(key.rejectedPath())
        .map(stat -> new RejectedFile(key, stat.size(), manifestOf(key, stat)));
  }

  private RejectionManifest manifestOf(RawKey key, BlobStat stat) {
    return readText(key.rejectedPath() + RawKey.MANIFEST_SUFFIX)
        .map(RejectionManifest::fromJson)
        .orElseGet(
            () ->
                new RejectionManifest(
                    key,
                    stat.size(),
                    Optional.empty(),
                    "unknown",
                    stat.lastModified(),
                    "manifest missing: the file was put in the rejected tree by another tool",
                    List.of()));
  }

  @Override
  public AuditRecord replay(RawKey key, String reason) {
    requireNonNull(reason, "reason is null");
    RejectedFile rejected =
        rejected(key)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "Cannot replay %s: no rejected file at %s", key, uri(key.rejectedPath())));
    if (store.head(key.path()).isPresent()) {
      throw new InvalidInputException(
          "Cannot replay %s: a file already exists at the original place %s; discard one of them",
          key, uri(key.path()));
    }
    AuditRecord record = audit(AuditRecord.Action.REPLAY, rejected, reason);
    store.move(key.rejectedPath(), key.path());
    String sidecar = key.rejectedPath() + RawKey.SHA256_SUFFIX;
    if (store.head(sidecar).isPresent()) {
      store.move(sidecar, key.sidecarPath());
    }
    store.delete(rejected.manifestPath());
    LOG.info("Replayed {} -> {} ({})", uri(key.rejectedPath()), uri(key.path()), reason);
    return record;
  }

  @Override
  public AuditRecord discard(RawKey key, String reason) {
    requireNonNull(reason, "reason is null");
    RejectedFile rejected =
        rejected(key)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "Cannot discard %s: no rejected file at %s", key, uri(key.rejectedPath())));
    AuditRecord record = audit(AuditRecord.Action.DISCARD, rejected, reason);
    store.delete(key.rejectedPath());
    store.delete(key.rejectedPath() + RawKey.SHA256_SUFFIX);
    store.delete(rejected.manifestPath());
    LOG.warn("Discarded {} ({})", uri(key.rejectedPath()), reason);
    return record;
  }

  private AuditRecord audit(AuditRecord.Action action, RejectedFile rejected, String reason) {
    Instant now = clock.instant();
    RawKey key = rejected.key();
    RawPartition partition = key.partition();
    String path =
        AUDIT_PREFIX
            + LocalDate.ofInstant(now, ZoneOffset.UTC)
            + "/"
            + String.format("%020d", now.toEpochMilli())
            + "-"
            + action.name().toLowerCase(java.util.Locale.ROOT)
            + "-"
            + partition.domain()
            + "."
            + partition.dataset()
            + "."
            + partition.date()
            + "."
            + key.fileName()
            + ".json";
    ObjectNode root = JSON.createObjectNode();
    root.put("action", action.name());
    root.put("file", key.path());
    root.put("rejectedFile", key.rejectedPath());
    root.put("size", rejected.size());
    rejected
        .manifest()
        .sha256()
        .ifPresentOrElse(s -> root.put("sha256", s), () -> root.putNull("sha256"));
    root.put("at", now.toString());
    root.put("reason", reason);
    try {
      root.set("manifest", JSON.readTree(rejected.manifest().toJson()));
      store.putBytes(path, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new GridataException(e, "Cannot write audit record %s", path);
    }
    return new AuditRecord(
        action,
        key,
        rejected.size(),
        rejected.manifest().sha256(),
        now,
        reason,
        Optional.of(rejected.manifest()),
        path);
  }

  @Override
  public List<String> auditRecords(LocalDate day) {
    requireNonNull(day, "day is null");
    List<String> records = new ArrayList<>();
    for (BlobStat stat : store.list(AUDIT_PREFIX + day + "/")) {
      readText(stat.path()).ifPresent(records::add);
    }
    return List.copyOf(records);
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "RawZone[" + config.location() + "]";
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
