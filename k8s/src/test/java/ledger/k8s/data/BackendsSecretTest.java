package ledger.k8s.data;

import static ledger.k8s.data.DataManifests.DEV;
import static ledger.k8s.data.DataManifests.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Secret;
import io.vertx.pgclient.PgConnectOptions;
import ledger.k8s.data.DataManifests.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Secret ledger-backends, which every role reads (NAMES.md: LEDGER_PG_URL from key pg-url,
 * LEDGER_REDIS_URL from key redis-url): dev ships it, prod templates it. Both hold every key the
 * roles' manifests ask for, and their URLs name the services the data folders make, parsed as
 * the server parses them.
 */
class BackendsSecretTest {

  private static final String NAME = "ledger-backends";

  @Test
  void dev_and_prod_hold_every_key_the_roles_read() {
    Set<String> wanted = keysTheRolesRead();

    assertThat(wanted).contains("pg-url", "redis-url");
    assertThat(devSecret().getStringData()).containsKeys(wanted.toArray(String[]::new));
    assertThat(prodTemplate().getStringData()).containsKeys(wanted.toArray(String[]::new));
  }

  @Test
  void dev_urls_reach_the_dev_services_with_the_dev_credentials() {
    Map<String, String> urls = devSecret().getStringData();
    List<Document> dev = DataManifests.rendered(DEV);
    JsonNode credentials = DataManifests.only(dev, "Secret", "ledger-dev-postgres").tree().path("stringData");

    for (String key : List.of("pg-url", "pg-direct-url")) {
      PgConnectOptions postgres = PgConnectOptions.fromUri(urls.get(key));
      DataManifests.only(dev, "Service", postgres.getHost());
      assertThat(postgres.getPort()).isEqualTo(5432);
      assertThat(postgres.getUser()).isEqualTo(credentials.path("username").asString());
      assertThat(postgres.getPassword()).isEqualTo(credentials.path("password").asString());
      assertThat(postgres.getDatabase()).isEqualTo(credentials.path("database").asString());
    }
    DataManifests.only(dev, "Service", URI.create(urls.get("redis-url")).getHost());
  }

  @Test
  void prod_urls_name_the_pooler_the_primary_and_the_redis_master_the_operators_make() {
    Map<String, String> urls = prodTemplate().getStringData();
    List<Document> prod = DataManifests.rendered(PROD);
    String cluster = DataManifests.only(prod, "Cluster", "ledger-pg").name();
    String pooler = DataManifests.only(prod, "Pooler", "ledger-pg-pooler").name();
    String redis = DataManifests.only(prod, "RedisReplication", "ledger-redis").name();
    JsonNode database = DataManifests.only(prod, "Cluster", "ledger-pg").tree().path("spec").path("bootstrap").path("initdb");

    PgConnectOptions pooled = PgConnectOptions.fromUri(urls.get("pg-url"));
    PgConnectOptions direct = PgConnectOptions.fromUri(urls.get("pg-direct-url"));

    assertThat(pooled.getHost()).isEqualTo(pooler);
    assertThat(direct.getHost()).isEqualTo(cluster + "-rw"); // CloudNativePG's service of the primary
    for (PgConnectOptions options : List.of(pooled, direct)) {
      assertThat(options.getDatabase()).isEqualTo(database.path("database").asString());
      assertThat(options.getUser()).isEqualTo(database.path("owner").asString());
      assertThat(options.getSslMode().value).isEqualTo("verify-full");
    }
    // the redis-operator's Service that follows the master across failovers
    assertThat(URI.create(urls.get("redis-url")).getHost()).isEqualTo(redis + "-master");
  }

  @Test
  void the_prod_script_fills_the_template_with_the_operators_password_url_encoded(@TempDir Path bin) throws Exception {
    String password = "p@s/s:w%rd&x y\\"; // every character a URL or sed would misread
    Path applied = bin.resolve("applied.yaml");
    Path kubectl = bin.resolve("kubectl");
    // a kubectl that answers the two calls the script makes: read ledger-pg-app, apply the Secret
    Files.writeString(kubectl, """
        #!/usr/bin/env bash
        case "$*" in
          "-n ledger get secret ledger-pg-app -o jsonpath={.data.password}") printf '%s' '%s' ;;
          "-n ledger apply -f -") cat > '%s' ;;
          *) echo "unexpected kubectl $*" >&2; exit 1 ;;
        esac
        """.formatted("%s", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)), applied));
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwx------"));
    ProcessBuilder script = new ProcessBuilder("bash", PROD.resolve("make-ledger-backends.sh").toString(), "ledger")
        .redirectErrorStream(true);
    script.environment().put("PATH", bin + ":" + System.getenv("PATH"));

    Process run = script.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(output).isZero();

    Secret secret = (Secret) KubernetesModel.typed(DataManifests.documents(applied).get(0).tree());
    assertThat(secret.getMetadata().getName()).isEqualTo(NAME);
    for (String key : List.of("pg-url", "pg-direct-url")) {
      PgConnectOptions options = PgConnectOptions.fromUri(secret.getStringData().get(key));
      assertThat(options.getPassword()).as(key).isEqualTo(password);
      assertThat(options.getHost()).isEqualTo(PgConnectOptions.fromUri(prodTemplate().getStringData().get(key)).getHost());
    }
  }

  /** NAMES.md's keys, and every key of ledger-backends a manifest of the roles refers to (after the merge). */
  private static Set<String> keysTheRolesRead() {
    Set<String> keys = new TreeSet<>(List.of("pg-url", "redis-url"));
    for (Path folder : List.of(Path.of("base"), Path.of("overlays"), PROD.resolve("wiring"))) {
      for (Document document : DataManifests.everyManifestUnder(folder)) {
        collectKeys(document.tree(), keys);
      }
    }
    return keys;
  }

  private static void collectKeys(JsonNode node, Set<String> keys) {
    JsonNode reference = node.path("secretKeyRef");
    if (reference.path("name").asString("").equals(NAME)) {
      keys.add(reference.path("key").asString());
    }
    node.forEach(child -> collectKeys(child, keys));
  }

  private static Secret devSecret() {
    return (Secret) KubernetesModel.typed(DataManifests.only(DataManifests.rendered(DEV), "Secret", NAME).tree());
  }

  private static Secret prodTemplate() {
    List<Document> template = DataManifests.documents(PROD.resolve("ledger-backends.template.yaml"));
    Secret secret = (Secret) KubernetesModel.typed(DataManifests.only(template, "Secret", NAME).tree());
    assertThat(KubernetesModel.unknownFields(secret)).isEmpty();
    return secret;
  }
}
