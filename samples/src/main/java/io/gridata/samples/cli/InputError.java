package io.gridata.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A usage error (exit {@link GridataCli#EXIT_USAGE}) about what the command line names rather than
 * how it is written, e.g. a table that does not exist: printed as its message alone, without the
 * command's usage text, which would not help.
 */
final class InputError extends ParameterException {
  private static final long serialVersionUID = 1L;

  InputError(CommandLine commandLine, String message) {
    super(commandLine, message);
  }
}
