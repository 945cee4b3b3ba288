package io.gridata.lineage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The REST and file sinks' tests again, in failsafe's run against the packaged shaded jar with the
 * raw DataHub client off the class path: retries, timeouts, refusals, tokens and the golden file
 * through only the part of the client the jar keeps (what the shade filter leaves out is reached by
 * nothing these paths load).
 */
@Tag("integration")
class ShadedSinksIT {
  @Nested
  class Rest extends RestSinkTest {}

  @Nested
  class File extends FileSinkTest {}
}
