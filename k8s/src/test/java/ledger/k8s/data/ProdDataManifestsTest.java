package ledger.k8s.data;

import static ledger.k8s.data.DataManifests.PROD;
import static ledger.k8s.data.DataManifests.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import ledger.k8s.data.DataManifests.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * k8s/data/prod: the operators' custom resources hold only fields their CRDs have (CloudNativePG
 * 1.30.0, its Barman Cloud plugin 0.14.0, OpsTree redis-operator 0.26.0), and what the ledger
 * relies on is set: the synchronous replica, WAL archiving and backups, the session pooler, Redis
 * that never evicts.
 */
class ProdDataManifestsTest {

  private final List<Document> documents = DataManifests.rendered(PROD);

  @Test
  void every_listed_file_exists_and_every_custom_resource_matches_its_operators_schema() {
    assertThat(DataManifests.resources(PROD)).allSatisfy(file -> assertThat(file).isRegularFile());
    // the kustomization's files, the Secret template and the recovery Cluster
    List<Document> everything = DataManifests.everyManifestUnder(PROD);
    assertThat(everything).hasSizeGreaterThan(documents.size());
    for (Document document : everything) {
      if (document.file().endsWith("kustomization.yaml")) {
        continue;
      }
      String what = document.kind() + " " + document.name() + " in " + document.file();
      if (document.apiVersion().contains(".cnpg.io/") || document.apiVersion().startsWith("redis.redis.opstreelabs.in/")) {
        assertThat(KubernetesModel.generic(document.tree()).getKind()).isEqualTo(document.kind());
        assertThat(CrdSchema.of(document.apiVersion(), document.kind()).violations(document.tree())).as(what).isEmpty();
      } else {
        KubernetesResource typed = KubernetesModel.typed(document.tree());
        assertThat(KubernetesModel.unknownFields(typed)).as(what).isEmpty();
      }
    }
  }

  @Test
  void the_schema_check_refuses_a_field_the_operator_does_not_have() {
    JsonNode cluster = only(documents, "Cluster", "ledger-pg").tree().deepCopy();
    ((ObjectNode) cluster.path("spec")).put("synchronousReplicas", 1);
    ((ObjectNode) cluster.path("spec").path("postgresql").path("synchronous"))
        .put("dataDurability", "always");

    assertThat(CrdSchema.of("postgresql.cnpg.io/v1", "Cluster").violations(cluster))
        .containsExactlyInAnyOrder(".spec.synchronousReplicas: no such field in crds/postgresql.cnpg.io_v1_Cluster.json",
            ".spec.postgresql.synchronous.dataDurability: \"always\" is not one of [\"required\",\"preferred\"]");
  }

  @Test
  void postgres_keeps_every_acknowledged_commit_on_a_second_instance_and_fails_over_only_to_one_that_has_it() {
    JsonNode spec = only(documents, "Cluster", "ledger-pg").tree().path("spec");
    JsonNode synchronous = spec.path("postgresql").path("synchronous");

    assertThat(spec.path("instances").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(synchronous.path("number").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(synchronous.path("dataDurability").asString()).isEqualTo("required");
    assertThat(synchronous.path("failoverQuorum").asBoolean()).isTrue();
    assertThat(spec.path("resources").path("limits").path("memory").asString()).isNotEmpty();
    assertThat(spec.path("storage").path("size").asString()).isNotEmpty();
  }

  @Test
  void wal_is_archived_and_backups_scheduled_to_the_object_store_the_cluster_names() {
    JsonNode cluster = only(documents, "Cluster", "ledger-pg").tree().path("spec");
    JsonNode archiver = cluster.path("plugins").get(0);
    JsonNode backup = only(documents, "ScheduledBackup", "ledger-pg-nightly").tree().path("spec");

    assertThat(archiver.path("isWALArchiver").asBoolean()).isTrue();
    DataManifests.only(documents, "ObjectStore", archiver.path("parameters").path("barmanObjectName").asString());
    assertThat(backup.path("cluster").path("name").asString()).isEqualTo("ledger-pg");
    assertThat(backup.path("method").asString()).isEqualTo("plugin");
    assertThat(backup.path("pluginConfiguration").path("name").asString()).isEqualTo(archiver.path("name").asString());
  }

  @Test
  void the_recovery_cluster_is_the_cluster_restored_from_its_archive_into_a_new_one() {
    JsonNode cluster = only(documents, "Cluster", "ledger-pg").tree();
    JsonNode recovery = only(DataManifests.documents(PROD.resolve("recovery/postgres-cluster-recovery.yaml")),
        "Cluster", "ledger-pg").tree();
    JsonNode source = recovery.path("spec").path("externalClusters").get(0);
    JsonNode archiving = recovery.path("spec").path("plugins").get(0).path("parameters");

    assertThat(recovery.path("spec").path("bootstrap").path("recovery").path("source").asString())
        .isEqualTo(source.path("name").asString());
    assertThat(source.path("plugin").path("parameters").path("serverName").asString()).isEqualTo("ledger-pg");
    assertThat(source.path("plugin").path("parameters").path("barmanObjectName").asString())
        .isEqualTo(archiving.path("barmanObjectName").asString());
    assertThat(archiving.path("serverName").asString()).isNotEmpty().isNotEqualTo("ledger-pg");
    assertThat(withoutBootstrap(recovery)).isEqualTo(withoutBootstrap(cluster));
  }

  /** The spec without what differs between creating and restoring: bootstrap, sources, the archive's name. */
  private static JsonNode withoutBootstrap(JsonNode cluster) {
    ObjectNode spec = (ObjectNode) cluster.path("spec").deepCopy();
    spec.remove(List.of("bootstrap", "externalClusters"));
    ((ObjectNode) spec.path("plugins").get(0).path("parameters")).remove("serverName");
    return spec;
  }

  @Test
  void the_pooler_is_named_as_the_roles_expect_and_keeps_sessions() {
    JsonNode pooler = only(documents, "Pooler", "ledger-pg-pooler").tree().path("spec");
    JsonNode cluster = only(documents, "Cluster", "ledger-pg").tree().path("spec");

    assertThat(pooler.path("cluster").path("name").asString()).isEqualTo("ledger-pg");
    assertThat(pooler.path("type").asString()).isEqualTo("rw");
    assertThat(pooler.path("pgbouncer").path("poolMode").asString()).isEqualTo("session");
    // a client that verifies the host name (verify-full) accepts the pooler's certificate
    assertThat(cluster.path("certificates").path("serverAltDNSNames").toString()).contains("\"ledger-pg-pooler\"");
  }

  @Test
  void redis_pods_carry_the_label_the_network_policies_select_and_never_evict_a_view() {
    JsonNode redis = only(documents, "RedisReplication", "ledger-redis").tree();
    ConfigMap config = (ConfigMap) KubernetesModel.typed(only(documents, "ConfigMap",
        redis.path("spec").path("redisConfig").path("additionalRedisConfig").asString()).tree());

    assertThat(redis.path("metadata").path("labels").path("app.kubernetes.io/name").asString()).isEqualTo("redis");
    assertThat(redis.path("spec").path("sentinel").path("size").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(config.getData().get("redis-additional.conf")).contains("maxmemory-policy noeviction");
  }
}
