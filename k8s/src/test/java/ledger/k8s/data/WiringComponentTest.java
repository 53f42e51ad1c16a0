package ledger.k8s.data;

import static ledger.k8s.data.DataManifests.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.vertx.pgclient.PgConnectOptions;
import ledger.k8s.data.DataManifests.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * k8s/data/prod/wiring, the Component the prod overlay adds to the roles: the projection and the
 * migrate Job read the direct PostgreSQL URL, every ledger pod mounts the CA the URLs name, and
 * every patch meets a container of the k8s/base object it patches, since a strategic merge patch
 * naming a container that does not exist adds a broken one. (OverlaysTest and
 * KubectlKustomizeTest check the prod overlay with the Component applied.)
 */
class WiringComponentTest {

  private static final Path WIRING = PROD.resolve("wiring");

  private final JsonNode component = DataManifests.documents(WIRING.resolve("kustomization.yaml")).get(0).tree();

  @Test
  void the_patches_parse_and_point_the_writers_at_the_direct_url_and_every_pod_at_the_ca() {
    assertThat(component.path("kind").asString()).isEqualTo("Component");
    Secret template = (Secret) KubernetesModel.typed(DataManifests.only(
        DataManifests.documents(PROD.resolve("ledger-backends.template.yaml")), "Secret", "ledger-backends").tree());
    Path rootCert = rootCert(template.getStringData().get("pg-url"));
    String caFolder = rootCert.getParent().toString();

    List<String> directUrlReaders = new ArrayList<>();
    for (HasMetadata patch : patches()) {
      assertThat(KubernetesModel.unknownFields(patch)).as(patch.getMetadata().getName()).isEmpty();
      PodTemplateSpec pod = pod(patch);
      for (Container container : pod.getSpec().getContainers()) {
        container.getEnv().stream().filter(env -> env.getName().equals("LEDGER_PG_URL")).forEach(env -> {
          assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pg-direct-url");
          directUrlReaders.add(patch.getMetadata().getName());
        });
        container.getVolumeMounts().forEach(mount -> {
          assertThat(mount.getMountPath()).isEqualTo(caFolder);
          Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
              .findFirst().orElseThrow();
          assertThat(volume.getSecret().getSecretName()).isEqualTo("ledger-pg-ca"); // CloudNativePG's <cluster>-ca
          assertThat(volume.getSecret().getItems()).singleElement()
              .satisfies(item -> assertThat(item.getPath()).isEqualTo(rootCert.getFileName().toString()));
        });
      }
    }
    assertThat(directUrlReaders).containsExactlyInAnyOrder("ledger-projection", "ledger-migrate");
  }

  @Test
  void every_patch_names_containers_the_roles_manifests_have() {
    Path base = Path.of("base");
    assertThat(base).isDirectory();
    List<Document> roles = DataManifests.everyManifestUnder(base);

    for (HasMetadata patch : patches()) {
      List<Document> targets = targets(patch, roles);
      assertThat(targets).as("objects patched by %s", patch.getMetadata().getName()).isNotEmpty();
      for (Document target : targets) {
        List<String> containers = new ArrayList<>();
        pod(KubernetesModel.typed(target.tree())).getSpec().getContainers().forEach(c -> containers.add(c.getName()));
        assertThat(containers).as("%s %s", target.kind(), target.name())
            .containsAll(pod(patch).getSpec().getContainers().stream().map(Container::getName).toList());
      }
    }
  }

  /** The objects a patch applies to: its target's label selector, or its own kind and name. */
  private List<Document> targets(HasMetadata patch, List<Document> roles) {
    for (JsonNode entry : component.path("patches")) {
      if (!DataManifests.documents(WIRING.resolve(entry.path("path").asString())).get(0).name()
          .equals(patch.getMetadata().getName())) {
        continue;
      }
      JsonNode target = entry.path("target");
      if (target.has("labelSelector")) {
        String[] selector = target.path("labelSelector").asString().split("=");
        return roles.stream().filter(d -> d.kind().equals(target.path("kind").asString())
            && selector[1].equals(d.tree().path("metadata").path("labels").path(selector[0]).asString(""))).toList();
      }
    }
    return roles.stream().filter(d -> d.kind().equals(patch.getKind()) && d.name().equals(patch.getMetadata().getName()))
        .toList();
  }

  private List<HasMetadata> patches() {
    List<HasMetadata> patches = new ArrayList<>();
    component.path("patches").forEach(entry -> patches.add((HasMetadata) KubernetesModel.typed(
        DataManifests.documents(WIRING.resolve(entry.path("path").asString())).get(0).tree())));
    assertThat(patches).isNotEmpty();
    return patches;
  }

  private static PodTemplateSpec pod(Object workload) {
    if (workload instanceof Deployment deployment) {
      return deployment.getSpec().getTemplate();
    }
    if (workload instanceof Job job) {
      return job.getSpec().getTemplate();
    }
    throw new AssertionError("not a Deployment or a Job: " + workload);
  }

  /** The sslrootcert file of a PostgreSQL URL (the server reads it as libpq does, PostgresUrl). */
  private static Path rootCert(String url) {
    assertThat(PgConnectOptions.fromUri(url).getSslMode().value).isEqualTo("verify-full");
    return Path.of(url.substring(url.indexOf("sslrootcert=") + "sslrootcert=".length()).split("&")[0]);
  }
}
