package io.gridata.testkit.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves the servers the testkit runs in child JVMs (s3proxy, a Kafka broker, ...) through Maven
 * Resolver: the local repository first, then Maven Central (or the mirror named by {@value
 * #REMOTE_PROPERTY} / {@code GRIDATA_MAVEN_REMOTE}). Nothing lands on the test class path, and a
 * test JVM on an empty local repository fetches what it needs instead of failing.
 *
 * <p>The local repository is the build's: {@code -Dmaven.repo.local}, else the {@code
 * localRepository} property Surefire sets in the test JVM, else {@code ~/.m2/repository}.
 */
public final class MavenArtifacts {
  /** System property naming the remote repository URL (default Maven Central). */
  public static final String REMOTE_PROPERTY = "gridata.maven.remote";

  private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

  private final Path localRepository;
  private final String remote;

  private MavenArtifacts(Path localRepository, String remote) {
    this.localRepository = localRepository;
    this.remote = remote;
  }

  /** The local repository and remote this JVM is configured with. */
  public static MavenArtifacts fromEnvironment() {
    String remote = System.getProperty(REMOTE_PROPERTY, System.getenv("GRIDATA_MAVEN_REMOTE"));
    return new MavenArtifacts(
        localRepositoryOf(System::getProperty), remote == null ? CENTRAL : remote);
  }

  /**
   * {@code maven.repo.local} when set; else {@code localRepository}, which Surefire and Failsafe
   * set in every test JVM they fork to the build's local repository (also when it comes from {@code
   * settings.xml}, not the command line); else {@code ~/.m2/repository}.
   */
  static Path localRepositoryOf(UnaryOperator<String> systemProperty) {
    for (String key : List.of("maven.repo.local", "localRepository")) {
      String value = systemProperty.apply(key);
      if (value != null && !value.isBlank()) {
        return Paths.get(value);
      }
    }
    return Paths.get(systemProperty.apply("user.home"), ".m2", "repository");
  }

  /** The same remote, another local repository (e.g. an empty one in a test). */
  public MavenArtifacts withLocalRepository(Path directory) {
    return new MavenArtifacts(directory, remote);
  }

  /** Another remote repository (a mirror, or a {@code file:} URL of a repository layout). */
  public MavenArtifacts withRemote(String url) {
    return new MavenArtifacts(localRepository, url);
  }

  /** The local repository artifacts are resolved into. */
  public Path localRepository() {
    return localRepository;
  }

  /**
   * One artifact's file, without its dependencies.
   *
   * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}
   */
  public Path resolve(String coordinates) {
    try (Resolver r = new Resolver()) {
      ArtifactRequest request =
          new ArtifactRequest(new DefaultArtifact(coordinates), r.repositories(), null);
      return r.system.resolveArtifact(r.session, request).getArtifact().getPath();
    } catch (ArtifactResolutionException e) {
      throw failure(coordinates, e);
    }
  }

  /**
   * An artifact and its runtime dependencies, in class path order.
   *
   * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}
   */
  public List<Path> resolveWithDependencies(String coordinates) {
    return resolveWithDependencies(List.of(coordinates));
  }

  /**
   * Artifacts and their runtime dependencies, mediated together (one version per library, as Maven
   * would for a project depending on all of them), in class path order.
   *
   * @param coordinates each {@code groupId:artifactId[:extension[:classifier]]:version}
   */
  public List<Path> resolveWithDependencies(List<String> coordinates) {
    try (Resolver r = new Resolver()) {
      CollectRequest collect = new CollectRequest();
      for (String root : coordinates) {
        collect.addDependency(new Dependency(new DefaultArtifact(root), JavaScopes.RUNTIME));
      }
      collect.setRepositories(r.repositories());
      DependencyRequest request =
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
      return r.system.resolveDependencies(r.session, request).getArtifactResults().stream()
          .map(ArtifactResult::getArtifact)
          .map(a -> a.getPath())
          .collect(Collectors.toList());
    } catch (DependencyResolutionException e) {
      throw failure(String.join(", ", coordinates), e);
    }
  }

  private IllegalStateException failure(String coordinates, Exception cause) {
    return new IllegalStateException(
        String.format(
            "Cannot resolve %s from %s into %s: %s. Check the network or point -D%s /"
                + " GRIDATA_MAVEN_REMOTE at a reachable mirror",
            coordinates, remote, localRepository, cause.getMessage(), REMOTE_PROPERTY),
        cause);
  }

  /** One repository system and session, closed together. */
  private final class Resolver implements AutoCloseable {
    final RepositorySystem system = new RepositorySystemSupplier().get();
    final RepositorySystemSession.CloseableSession session =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(localRepository)
            .setSystemProperties(System.getProperties())
            .build();

    List<RemoteRepository> repositories() {
      // "central": artifacts Maven itself put in the local repository are reused as they are.
      return List.of(new RemoteRepository.Builder("central", "default", remote).build());
    }

    @Override
    public void close() {
      session.close();
      system.shutdown();
    }
  }
}
