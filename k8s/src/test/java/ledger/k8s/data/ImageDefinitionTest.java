package ledger.k8s.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import ledger.app.Main;
import ledger.k8s.data.Dockerfile.Stage;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * k8s/Dockerfile and the Jib configuration of app/pom.xml. No Docker daemon runs here, so the
 * Dockerfile is checked for what a build would make of it: a build stage that builds the jar as
 * ./ledger does, a runtime stage that copies the very file the shade plugin writes, a numeric
 * non-root user, an entrypoint whose JVM flags the JVM accepts and whose subcommand the
 * application has; and Jib must make the same image.
 */
class ImageDefinitionTest {

  private static final Path REPOSITORY = Path.of("..");
  private static final Path APP_POM = REPOSITORY.resolve("app/pom.xml");

  private final Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
  private final JibConfiguration jib = JibConfiguration.read(APP_POM);
  private final List<String> entrypoint = execForm("ENTRYPOINT");
  private final List<String> command = execForm("CMD");

  @Test
  void a_build_stage_makes_the_jar_as_the_ledger_script_does_and_the_runtime_stage_copies_that_file() throws IOException {
    assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
    Stage build = dockerfile.stage("build");
    String maven = build.last("RUN").arguments();
    String script = Files.readString(REPOSITORY.resolve("ledger"));

    assertThat(maven).contains("mvn ").contains(" -pl app -am package").contains("-DskipTests");
    assertThat(script).contains("-pl app -am package").contains("JAR=\"$HERE/app/target/" + jib.shadedJar() + "\"");
    String copy = dockerfile.last().last("COPY").arguments();
    assertThat(copy).startsWith("--from=build ")
        .contains(" " + build.last("WORKDIR").arguments() + "/app/target/" + jib.shadedJar() + " ");
    assertThat(entrypoint).contains(copy.substring(copy.lastIndexOf(' ') + 1));
  }

  @Test
  void the_runtime_stage_is_a_jre_17_run_by_a_numeric_non_root_user() {
    Stage runtime = dockerfile.last();
    String user = runtime.last("USER").arguments();

    assertThat(runtime.image()).startsWith("eclipse-temurin:17").contains("jre");
    assertThat(user).matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
  }

  @Test
  void the_entrypoint_serves_with_container_aware_jvm_flags_through_the_shaded_main_class() {
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(jvmFlags()).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage="))
        .contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(entrypoint.subList(entrypoint.indexOf("-jar"), entrypoint.size())).hasSize(2);
    assertThat(command).containsExactly("serve");
    assertThat(Main.commandLine().getSubcommands()).containsKey("serve");
    assertThat(jib.shadedMainClass()).isEqualTo(Main.class.getName());
  }

  /** The roles' pods (k8s/base, k8s/overlays, after the merge) replace CMD with their own args: a subcommand each. */
  @Test
  void every_subcommand_a_pod_of_the_image_runs_is_one_the_application_has() {
    Set<String> subcommands = new TreeSet<>(command);
    for (Path folder : List.of(Path.of("base"), Path.of("overlays"))) {
      DataManifests.everyManifestUnder(folder).forEach(document -> collectSubcommands(document.tree(), subcommands));
    }

    assertThat(Main.commandLine().getSubcommands().keySet()).containsAll(subcommands);
  }

  private static void collectSubcommands(JsonNode node, Set<String> subcommands) {
    String image = node.path("image").asString("");
    if ((image.equals("ledger") || image.contains("/ledger")) && node.path("args").isArray() && !node.path("args").isEmpty()) {
      subcommands.add(node.path("args").get(0).asString());
    }
    node.forEach(child -> collectSubcommands(child, subcommands));
  }

  @Test
  void jib_makes_the_same_image_as_the_dockerfile() {
    Stage runtime = dockerfile.last();

    assertThat(jib.baseImage()).isEqualTo(runtime.image());
    assertThat(jib.user()).isEqualTo(runtime.last("USER").arguments());
    assertThat(jib.jvmFlags()).isEqualTo(jvmFlags());
    assertThat(jib.mainClass()).isEqualTo(jib.shadedMainClass());
    assertThat(jib.args()).isEqualTo(command);
    assertThat(jib.ports()).containsExactlyElementsOf(Arrays.asList(runtime.last("EXPOSE").arguments().split("\\s+")));
    assertThat(jib.workingDirectory()).isEqualTo(runtime.last("WORKDIR").arguments());
  }

  /** The built jar (when this checkout has one) started by the entrypoint, asked for serve's help. */
  @Test
  void the_entrypoint_starts_on_this_jvm_with_the_jar_the_build_makes() throws Exception {
    Path jar = REPOSITORY.resolve("app/target").resolve(jib.shadedJar());
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run mvn -pl app -am package first");
    try (JarFile built = new JarFile(jar.toFile())) {
      assertThat(built.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
    }
    List<String> run = new ArrayList<>(entrypoint);
    run.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    run.set(run.indexOf("-jar") + 1, jar.toString());
    run.addAll(command);
    run.add("--help");

    Process process = new ProcessBuilder(run).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Usage: ledger serve").contains("--grpc-port");
  }

  private List<String> jvmFlags() {
    return entrypoint.subList(1, entrypoint.indexOf("-jar"));
  }

  private List<String> execForm(String instruction) {
    String json = dockerfile.last().last(instruction).arguments();
    assertThat(json).as("exec form, so java is PID 1 and receives SIGTERM").startsWith("[");
    return JsonMapper.builder().build().readValue(json, new TypeReference<List<String>>() { });
  }
}
