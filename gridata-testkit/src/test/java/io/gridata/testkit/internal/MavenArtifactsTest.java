package io.gridata.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridata.testkit.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty local repository fills from the remote: the build's own local repository serves as the
 * remote here (same layout as Maven Central, no network in the default tier).
 */
class MavenArtifactsTest {
  private final MavenArtifacts buildRepository = MavenArtifacts.fromEnvironment();

  @Test
  void anEmptyLocalRepositoryFetchesTheS3ServerJar(@TempDir Path empty) throws Exception {
    MavenArtifacts fresh =
        buildRepository
            .withLocalRepository(empty)
            .withRemote(buildRepository.localRepository().toUri().toString());

    Path jar = fresh.resolve(S3ProxyServer.coordinates());

    assertThat(jar).startsWith(empty).isRegularFile();
    assertThat(jar.getFileName().toString()).endsWith("-jar-with-dependencies.jar");
    assertThat(Files.size(jar))
        .isEqualTo(Files.size(buildRepository.resolve(S3ProxyServer.coordinates())));
  }

  @Test
  void dependenciesComeWithTheArtifactInClassPathOrder(@TempDir Path empty) {
    MavenArtifacts fresh =
        buildRepository
            .withLocalRepository(empty)
            .withRemote(buildRepository.localRepository().toUri().toString());

    List<Path> classPath =
        fresh.resolveWithDependencies("org.apache.maven.resolver:maven-resolver-util:2.0.25");

    assertThat(classPath).allSatisfy(p -> assertThat(p).startsWith(empty).isRegularFile());
    assertThat(classPath.get(0).getFileName().toString())
        .isEqualTo("maven-resolver-util-2.0.25.jar");
    assertThat(classPath)
        .extracting(p -> p.getFileName().toString())
        .contains("maven-resolver-api-2.0.25.jar");
  }

  @Test
  void theLocalRepositoryIsTheBuildsEvenWhenOnlySurefireNamesIt() {
    Map<String, String> surefireOnly =
        Map.of("localRepository", "/builds/repo", "user.home", "/home/ci");
    Map<String, String> both =
        Map.of(
            "maven.repo.local", "/cli/repo", "localRepository", "/builds/repo", "user.home", "/h");

    assertThat(MavenArtifacts.localRepositoryOf(surefireOnly::get))
        .isEqualTo(Path.of("/builds/repo"));
    assertThat(MavenArtifacts.localRepositoryOf(both::get)).isEqualTo(Path.of("/cli/repo"));
    assertThat(MavenArtifacts.localRepositoryOf(Map.of("user.home", "/home/ci")::get))
        .isEqualTo(Path.of("/home/ci/.m2/repository"));
  }

  @Test
  void anArtifactNoRepositoryHoldsNamesItselfAndTheWayOut(@TempDir Path empty) {
    MavenArtifacts fresh =
        buildRepository.withLocalRepository(empty).withRemote(empty.toUri().toString());

    assertThatThrownBy(() -> fresh.resolve("io.gridata.nothing:absent:1.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot resolve io.gridata.nothing:absent:1.0")
        .hasMessageContaining(MavenArtifacts.REMOTE_PROPERTY);
  }
}
