package io.gridata.core.rawzone.internal;

import static java.util.Objects.requireNonNull;

import io.gridata.core.NotFoundException;
import io.gridata.core.StorageException;
import io.gridata.core.retry.Retrier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The raw zone on S3 or an S3-compatible store. Every request runs under the {@link Retrier}; the
 * SDK's own retries are switched off where the client is built, so the policy is the one place
 * attempts are counted. Multipart uploads send up to {@link #PARTS_IN_FLIGHT} parts at once and
 * retry part by part.
 */
final class S3BlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
  static final String SHA256_METADATA = "gridata-sha256";
  private static final long MAX_COPY = 5L * 1024 * 1024 * 1024;
  private static final long COPY_PART = 512L * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final long multipartThreshold;
  private final int partSize;
  private final Retrier retrier;

  /**
   * Parts of one multipart upload sent at once, each from its own part buffer: the upload holds up
   * to this many part sizes of memory.
   */
  static final int PARTS_IN_FLIGHT = 4;

  /** The least {@code available()} a stream must report for {@link #readUpTo} to trust it. */
  private static final int SIZED_READ_MIN = 64 * 1024;

  /**
   * Daemon threads sending parts; idle ones end after a minute. {@link #close()} must come after
   * the uploads end (a part still sending then fails, and its upload with it).
   */
  private final ExecutorService uploads =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "gridata-rawzone-upload");
            thread.setDaemon(true);
            return thread;
          });

  S3BlobStore(
      S3Client s3,
      String bucket,
      String prefix,
      long multipartThreshold,
      long partSize,
      Retrier retrier) {
    this.s3 = requireNonNull(s3, "s3 is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
    this.multipartThreshold = Math.min(multipartThreshold, Integer.MAX_VALUE - 16);
    this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 16);
    this.retrier = requireNonNull(retrier, "retrier is null");
  }

  private String key(String path) {
    return prefix + path;
  }

  @Override
  public URI uri(String path) {
    try {
      // the multi-argument constructor quotes what a URI cannot hold (a space, '#', '%', '<')
      return new URI("s3", bucket, "/" + key(path), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Cannot name s3://" + bucket + "/" + key(path), e);
    }
  }

  @Override
  public Optional<BlobStat> head(String path) {
    return retrier.get(
        "stat " + uri(path),
        () -> {
          try {
            HeadObjectResponse head =
                s3.headObject(
                    b -> b.bucket(bucket).key(key(path)).checksumMode(ChecksumMode.ENABLED));
            return Optional.of(
                new BlobStat(
                    path,
                    head.contentLength(),
                    unquote(head.eTag()),
                    head.lastModified(),
                    storedSha256(head.metadata(), head.checksumSHA256())));
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private static Optional<String> storedSha256(Map<String, String> metadata, String checksum) {
    String fromMetadata = metadata == null ? null : metadata.get(SHA256_METADATA);
    if (fromMetadata != null && fromMetadata.matches("[0-9a-fA-F]{64}")) {
      return Optional.of(fromMetadata.toLowerCase(java.util.Locale.ROOT));
    }
    if (checksum != null && !checksum.contains("-")) {
      try {
        byte[] digest = Base64.getDecoder().decode(checksum);
        if (digest.length == 32) {
          return Optional.of(HexFormat.of().formatHex(digest));
        }
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public List<BlobStat> list(String listPrefix) {
    return retrier.get(
        "list " + uri(listPrefix),
        () -> {
          List<BlobStat> result = new ArrayList<>();
          String token = null;
          do {
            ListObjectsV2Request.Builder request =
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(key(listPrefix))
                    .delimiter("/");
            if (token != null) {
              request.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
              if (object.key().endsWith("/")) {
                continue;
              }
              String path = object.key().substring(prefix.length());
              result.add(
                  new BlobStat(
                      path,
                      object.size(),
                      unquote(object.eTag()),
                      object.lastModified(),
                      Optional.empty()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
          } while (token != null);
          result.sort(java.util.Comparator.comparing(BlobStat::path));
          return result;
        });
  }

  @Override
  public InputStream get(String path) {
    return retrier.get(
        "read " + uri(path),
        () -> {
          try {
            ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key(path)));
            return in;
          } catch (NoSuchKeyException e) {
            throw new NotFoundException("Cannot read %s: no such object", uri(path));
          }
        });
  }

  @Override
  public byte[] getRange(String path, long offset, int length) {
    if (length <= 0) {
      return new byte[0];
    }
    return retrier.get(
        "read " + uri(path),
        () -> {
          try {
            return s3.getObjectAsBytes(
                    b ->
                        b.bucket(bucket)
                            .key(key(path))
                            .range("bytes=" + offset + "-" + (offset + length - 1)))
                .asByteArray();
          } catch (NoSuchKeyException e) {
            throw new NotFoundException("Cannot read %s: no such object", uri(path));
          }
        });
  }

  /**
   * One pass over {@code source}: the SHA-256 is updated as the bytes are read, never in a second
   * pass. Up to the multipart threshold the bytes go in one PUT; beyond it, in parts, several at
   * once (see {@link #multipart}). Memory: the bytes up to the threshold, held for the whole
   * upload, plus up to {@link #PARTS_IN_FLIGHT} part buffers.
   *
   * <p>The two small requests around the upload are off its critical path: the existence check (a
   * HEAD) runs while the source is read and hashed, and, for a single PUT, whose hash is known
   * before it is sent, the sidecar is written while the PUT runs; a multipart upload's hash is
   * known only at its end, so its sidecar follows it. A sidecar written beside a PUT that fails is
   * deleted before the failure is thrown (best effort: when the delete fails too, it is logged and
   * the sidecar stays until the file is landed again). Two landings of one key at once are not
   * supported: the check and the PUT are two requests, so both can find the key free.
   */
  @Override
  public Optional<PutResult> putNew(
      String path, InputStream source, String sidecarPath, Function<String, byte[]> sidecar) {
    Future<Optional<BlobStat>> existing = submit(path, () -> head(path));
    MessageDigest digest = BlobRawZone.sha256();
    DigestInputStream in = new DigestInputStream(source, digest);
    try {
      byte[] first = readUpTo(in, (int) multipartThreshold);
      int next = in.read();
      if (await(existing, path).isPresent()) {
        return Optional.empty();
      }
      if (next >= 0) {
        PutResult put = multipart(path, rest(first, next, in), digest);
        try {
          putBytes(sidecarPath, sidecar.apply(put.sha256()));
        } catch (RuntimeException e) {
          throw sidecarNotWritten(path, sidecarPath, put.sha256(), false, e);
        }
        return Optional.of(put);
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      Future<Void> sidecarWrite =
          submit(
              path,
              () -> {
                putBytes(sidecarPath, sidecar.apply(sha));
                return null;
              });
      String etag;
      try {
        etag = putObject(path, first, sha);
      } catch (RuntimeException | Error e) {
        ended(sidecarWrite);
        try {
          delete(sidecarPath);
        } catch (RuntimeException deleteFailed) {
          LOG.warn(
              "Cannot delete the sidecar {} of the failed upload of {}; it stays until the file is"
                  + " landed again (ignored() lists it meanwhile)",
              uri(sidecarPath),
              uri(path),
              deleteFailed);
          e.addSuppressed(deleteFailed);
        }
        throw e;
      }
      Throwable notWritten = ended(sidecarWrite);
      if (notWritten != null) {
        throw sidecarNotWritten(path, sidecarPath, sha, true, notWritten);
      }
      return Optional.of(new PutResult(first.length, etag, false, sha));
    } catch (IOException e) {
      throw cannotRead(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          false, e, "Cannot upload %s: interrupted; nothing was written", uri(path));
    } finally {
      existing.cancel(false); // when reading the source failed: its answer is not needed
    }
  }

  /** {@code task} on the upload threads; a closed store says so instead of rejecting it raw. */
  private <T> Future<T> submit(String path, Callable<T> task) {
    try {
      return uploads.submit(task);
    } catch (RejectedExecutionException closed) {
      throw new IllegalStateException("Cannot upload " + uri(path) + ": the raw zone is closed");
    }
  }

  /**
   * Waits for {@code task} to end, through interrupts (a sidecar PUT is small and its retries are
   * bounded; the interrupt is kept for the caller), and returns its failure, or null.
   */
  private static Throwable ended(Future<?> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return null;
        } catch (ExecutionException failed) {
          return failed.getCause();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The file landed, its sidecar did not. A single PUT carries the SHA-256 in its metadata, which
   * ingestion takes and validates by; a multipart upload carries none, so the message gives the
   * hash to write into the sidecar.
   */
  private StorageException sidecarNotWritten(
      String path, String sidecarPath, String sha, boolean inMetadata, Throwable cause) {
    return new StorageException(
        false,
        cause,
        "Landed %s, but its sidecar %s could not be written (%s): the file is in place %s; landing"
            + " it again is refused as it exists",
        uri(path),
        uri(sidecarPath),
        cause.getMessage(),
        inMetadata
            ? "with its SHA-256 in its metadata ("
                + SHA256_METADATA
                + "), which ingestion takes"
                + " and validates it by"
            : "without a stored checksum (a multipart upload): write '"
                + sha
                + "' into the sidecar, or ingestion takes the file once it has settled");
  }

  /** One PUT of {@code bytes} with its SHA-256 in the metadata; the ETag, unquoted. */
  private String putObject(String path, byte[] bytes, String sha) {
    return unquote(
        retrier.get(
            "upload " + uri(path),
            () ->
                s3.putObject(
                        b -> b.bucket(bucket).key(key(path)).metadata(Map.of(SHA256_METADATA, sha)),
                        body(bytes, bytes.length))
                    .eTag()));
  }

  /**
   * The source again from its start: the bytes read so far were hashed already, the rest will be.
   */
  private static InputStream rest(byte[] first, int next, InputStream in) {
    return new SequenceInputStream(
        new ByteArrayInputStream(first),
        new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) next}), in));
  }

  private StorageException cannotRead(String path, IOException e) {
    return new StorageException(
        false, e, "Cannot upload %s: cannot read the source (%s)", uri(path), e.getMessage());
  }

  /**
   * Up to {@code limit} bytes of {@code in}. A file's stream knows its remaining size ({@code
   * available()}), so a file is read straight into one array of its size, without the chunks and
   * final copy of {@link InputStream#readNBytes(int)}, which other streams go through (also those
   * that report only a few bytes, as a decompressing stream reports 1).
   */
  static byte[] readUpTo(InputStream in, int limit) throws IOException {
    int expected = Math.min(in.available(), limit);
    if (expected < SIZED_READ_MIN) {
      return in.readNBytes(limit);
    }
    byte[] bytes = new byte[expected];
    int read = in.readNBytes(bytes, 0, expected);
    if (read < expected) {
      return Arrays.copyOf(bytes, read);
    }
    byte[] more = in.readNBytes(limit - read);
    if (more.length == 0) {
      return bytes;
    }
    byte[] all = Arrays.copyOf(bytes, read + more.length);
    System.arraycopy(more, 0, all, read, more.length);
    return all;
  }

  /**
   * Reads {@code in} part by part, in order (so {@code digest} sees the bytes in order), and
   * uploads up to {@link #PARTS_IN_FLIGHT} parts at once from as many part buffers; a buffer is
   * read into again only once its part is uploaded (a retried part re-sends the same bytes). On any
   * failure the parts in flight are awaited, then the upload is aborted, so no part outlives it.
   */
  private PutResult multipart(String path, InputStream in, MessageDigest digest)
      throws IOException {
    String uploadId =
        retrier.get(
            "start multipart upload " + uri(path),
            () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key(path))).uploadId());
    List<Future<CompletedPart>> parts = new ArrayList<>();
    try {
      BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PARTS_IN_FLIGHT);
      int buffers = 0;
      long size = 0;
      while (true) {
        byte[] buffer = free.poll();
        if (buffer == null && buffers < PARTS_IN_FLIGHT) {
          buffer = new byte[partSize];
          buffers++;
        } else if (buffer == null) {
          buffer = free.take();
        }
        // after the buffer: a failed part gives its buffer back before its failure is recorded
        failFast(parts, path);
        int length = in.readNBytes(buffer, 0, partSize);
        if (length == 0 && !parts.isEmpty()) {
          break;
        }
        int partNumber = parts.size() + 1;
        byte[] bytes = buffer;
        parts.add(
            uploads.submit(
                () -> {
                  try {
                    return uploadPart(path, uploadId, partNumber, bytes, length);
                  } finally {
                    free.add(bytes);
                  }
                }));
        size += length;
        if (length < partSize) {
          break;
        }
      }
      List<CompletedPart> completed = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        completed.add(await(part, path));
      }
      String etag =
          retrier.get(
              "complete multipart upload " + uri(path),
              () ->
                  s3.completeMultipartUpload(
                          b ->
                              b.bucket(bucket)
                                  .key(key(path))
                                  .uploadId(uploadId)
                                  .multipartUpload(
                                      CompletedMultipartUpload.builder().parts(completed).build()))
                      .eTag());
      return new PutResult(size, unquote(etag), true, HexFormat.of().formatHex(digest.digest()));
    } catch (InterruptedException e) {
      StorageException interrupted =
          new StorageException(
              false, e, "Cannot upload %s: interrupted; the upload was aborted", uri(path));
      abort(path, uploadId, parts, interrupted);
      Thread.currentThread().interrupt();
      throw interrupted;
    } catch (Throwable e) { // an Error too (no memory for a part buffer): the upload is aborted
      abort(path, uploadId, parts, e);
      throw e;
    }
  }

  /**
   * Waits for the parts in flight to end, then aborts the upload. Not cancelled: a cancelled part's
   * request may still reach the server after the abort, and a server may keep that part.
   */
  private void abort(
      String path, String uploadId, List<Future<CompletedPart>> parts, Throwable failure) {
    boolean interrupted = Thread.interrupted();
    for (Future<CompletedPart> part : parts) {
      while (true) {
        try {
          part.get();
          break;
        } catch (ExecutionException ended) {
          if (ended.getCause() != failure) {
            failure.addSuppressed(ended.getCause()); // another part's failure
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    try {
      retrier.run(
          "abort multipart upload " + uri(path),
          () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId)));
    } catch (RuntimeException abortFailed) {
      // the parts stay until a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes them
      failure.addSuppressed(abortFailed);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletedPart uploadPart(
      String path, String uploadId, int partNumber, byte[] bytes, int length) {
    String etag =
        retrier.get(
            "upload part " + partNumber + " of " + uri(path),
            () ->
                s3.uploadPart(
                        b ->
                            b.bucket(bucket)
                                .key(key(path))
                                .uploadId(uploadId)
                                .partNumber(partNumber),
                        body(bytes, length))
                    .eTag());
    return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
  }

  /** Rethrows the failure of a part already ended, so no more parts are read. */
  private void failFast(List<Future<CompletedPart>> parts, String path)
      throws InterruptedException {
    for (Future<CompletedPart> part : parts) {
      if (part.isDone()) {
        await(part, path);
      }
    }
  }

  /** The task's result, or its failure as it was thrown in the thread that ran it. */
  private <T> T await(Future<T> task, String path) throws InterruptedException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new StorageException(
          false, e.getCause(), "Cannot upload %s: %s", uri(path), e.getCause());
    }
  }

  @Override
  public void putBytes(String path, byte[] bytes) {
    retrier.run(
        "write " + uri(path),
        () -> s3.putObject(b -> b.bucket(bucket).key(key(path)), RequestBody.fromBytes(bytes)));
  }

  @Override
  public void move(String from, String to) {
    BlobStat source =
        head(from)
            .orElseThrow(() -> new NotFoundException("Cannot move %s: no such object", uri(from)));
    if (source.size() <= MAX_COPY) {
      retrier.run(
          "copy " + uri(from) + " to " + uri(to),
          () ->
              s3.copyObject(
                  b ->
                      b.sourceBucket(bucket)
                          .sourceKey(key(from))
                          .destinationBucket(bucket)
                          .destinationKey(key(to))));
    } else {
      multipartCopy(from, to, source.size());
    }
    delete(from);
  }

  private void multipartCopy(String from, String to, long size) {
    String uploadId =
        retrier.get(
            "start multipart copy " + uri(to),
            () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key(to))).uploadId());
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += COPY_PART, number++) {
        long last = Math.min(size, offset + COPY_PART) - 1;
        String range = "bytes=" + offset + "-" + last;
        int partNumber = number;
        String etag =
            retrier.get(
                "copy part " + partNumber + " to " + uri(to),
                () ->
                    s3.uploadPartCopy(
                            b ->
                                b.sourceBucket(bucket)
                                    .sourceKey(key(from))
                                    .destinationBucket(bucket)
                                    .destinationKey(key(to))
                                    .uploadId(uploadId)
                                    .partNumber(partNumber)
                                    .copySourceRange(range))
                        .copyPartResult()
                        .eTag());
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      retrier.run(
          "complete multipart copy " + uri(to),
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key(to))
                          .uploadId(uploadId)
                          .multipartUpload(
                              CompletedMultipartUpload.builder().parts(parts).build())));
    } catch (RuntimeException e) {
      abort(to, uploadId, List.of(), e);
      throw e;
    }
  }

  @Override
  public void delete(String path) {
    retrier.run("delete " + uri(path), () -> s3.deleteObject(b -> b.bucket(bucket).key(key(path))));
  }

  @Override
  public void close() {
    uploads.shutdownNow();
    s3.close();
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  /**
   * The first {@code length} bytes as a request body without the copy {@code RequestBody.fromBytes}
   * makes: the array is this store's and not written while the request (and its retries) runs.
   */
  private static RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
  }
}
