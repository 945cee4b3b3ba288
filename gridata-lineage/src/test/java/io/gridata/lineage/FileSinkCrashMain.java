package io.gridata.lineage;

import com.linkedin.mxe.MetadataChangeProposal;
import java.nio.file.Path;
import java.util.List;

/** Child process of {@link FileSinkTest}: writes and flushes proposals until it is killed. */
public final class FileSinkCrashMain {
  private FileSinkCrashMain() {}

  /** Appends to the file named by {@code args[0]} forever. */
  public static void main(String[] args) {
    List<MetadataChangeProposal> proposals = FileSinkTest.proposals();
    FileSink sink = FileSink.open(Path.of(args[0]), FileSink.Mode.OVERWRITE);
    for (long i = 0; ; i++) {
      sink.send(proposals.get((int) (i % proposals.size())));
      sink.flush();
    }
  }
}
