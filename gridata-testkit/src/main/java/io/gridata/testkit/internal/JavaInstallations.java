package io.gridata.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/** Java installations beside this JVM's (e.g. the other JDKs under {@code /usr/lib/jvm}). */
public final class JavaInstallations {
  private JavaInstallations() {}

  /** The newest installation of feature version {@code minimum} or later, if any. */
  public static Optional<Path> newestAtLeast(int minimum) {
    Set<Path> roots = new LinkedHashSet<>();
    Path current = Path.of(System.getProperty("java.home")).toAbsolutePath();
    if (current.getParent() != null) {
      roots.add(current.getParent());
    }
    roots.add(Path.of("/usr/lib/jvm"));
    roots.add(Path.of("/Library/Java/JavaVirtualMachines"));
    return roots.stream()
        .filter(Files::isDirectory)
        .flatMap(JavaInstallations::children)
        .map(JavaInstallations::home)
        .flatMap(Optional::stream)
        .filter(home -> feature(home) >= minimum)
        .max(Comparator.comparingInt(JavaInstallations::feature));
  }

  private static Stream<Path> children(Path root) {
    try (Stream<Path> list = Files.list(root)) {
      return list.toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  /** {@code dir} itself, or macOS's {@code Contents/Home}, when it holds {@code bin/java}. */
  private static Optional<Path> home(Path dir) {
    return Stream.of(dir, dir.resolve("Contents/Home"))
        .filter(
            d ->
                Files.isExecutable(d.resolve("bin/java"))
                    && Files.isRegularFile(d.resolve("release")))
        .findFirst();
  }

  /** The feature version in the installation's {@code release} file, or 0 when unreadable. */
  static int feature(Path home) {
    Properties release = new Properties();
    try (InputStream in = Files.newInputStream(home.resolve("release"))) {
      release.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
    String major = version.startsWith("1.") ? version.substring(2) : version;
    try {
      return Integer.parseInt(major.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
