package io.gridata.samples.cli;

import io.gridata.core.rawzone.RawZoneConfig;
import io.gridata.spark.config.RawZoneS3a;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link S3aClasspathTest}'s reader in a JVM of its own: lists a directory of an S3 zone without
 * static keys through S3A, set up by {@link RawZoneS3a}, and prints each file ({@code read <name>:
 * <content>}), so S3A takes its credentials from what the JVM was started with alone (the SDK's
 * default chain is one instance per JVM and keeps the provider that last found keys). Exits 1 with
 * the failure printed when the read fails.
 *
 * <p>Arguments: the S3 endpoint, the bucket, the directory's key.
 */
public final class S3aReadChild {
  private S3aReadChild() {}

  public static void main(String[] args) {
    String bucket = args[1];
    RawZoneConfig zone =
        RawZoneConfig.builder("s3://" + bucket)
            .endpoint(URI.create(args[0]))
            .pathStyleAccess(true)
            .build();
    Configuration conf = new Configuration();
    RawZoneS3a.hadoopConf(zone).forEach(conf::set);
    int status = 0;
    try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf)) {
      for (FileStatus file : fs.listStatus(new Path("s3a://" + bucket + "/" + args[2]))) {
        try (InputStream in = fs.open(file.getPath())) {
          System.out.println(
              "read "
                  + file.getPath().getName()
                  + ": "
                  + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (Exception | LinkageError e) {
      e.printStackTrace(System.out);
      status = 1;
    }
    System.out.flush();
    System.exit(status);
  }
}
