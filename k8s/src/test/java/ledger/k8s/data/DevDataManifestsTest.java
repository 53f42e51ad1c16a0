package ledger.k8s.data;

import static ledger.k8s.data.DataManifests.DEV;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/data/dev: plain Kubernetes objects, every field one the model knows; Services that reach
 * their pods; pods labelled as production's so the same NetworkPolicies hold; non-root and
 * read-only; Secret references that resolve inside the folder.
 */
class DevDataManifestsTest {

  private final List<KubernetesResource> objects = DataManifests.rendered(DEV).stream()
      .map(document -> KubernetesModel.typed(document.tree())).toList();

  @Test
  void every_object_parses_with_no_field_the_model_does_not_know() {
    assertThat(DataManifests.resources(DEV)).allSatisfy(file -> assertThat(file).isRegularFile());
    assertThat(objects).isNotEmpty();
    for (KubernetesResource object : objects) {
      HasMetadata named = (HasMetadata) object;
      assertThat(KubernetesModel.unknownFields(object)).as("%s %s", named.getKind(), named.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void the_services_select_their_pods_by_the_labels_the_network_policies_use() {
    StatefulSet postgres = statefulSet("ledger-pg");
    StatefulSet redis = statefulSet("ledger-redis");

    assertThat(postgres.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("cnpg.io/cluster", "ledger-pg");
    assertThat(redis.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "redis");
    assertSelects(service("ledger-pg-rw"), postgres, 5432);
    assertSelects(service("ledger-redis-master"), redis, 6379);
  }

  @Test
  void the_data_pods_run_as_a_numeric_non_root_user_on_a_read_only_root() {
    for (StatefulSet set : List.of(statefulSet("ledger-pg"), statefulSet("ledger-redis"))) {
      PodSecurityContext pod = set.getSpec().getTemplate().getSpec().getSecurityContext();
      assertThat(pod.getRunAsNonRoot()).isTrue();
      assertThat(pod.getRunAsUser()).isPositive();
      assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(set.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(container -> {
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      });
    }
  }

  @Test
  void every_secret_the_pods_read_is_here_with_that_key() {
    for (StatefulSet set : List.of(statefulSet("ledger-pg"), statefulSet("ledger-redis"))) {
      for (Container container : set.getSpec().getTemplate().getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            Map<String, String> data = secret(env.getValueFrom().getSecretKeyRef().getName()).getStringData();
            assertThat(data).as(env.getName()).containsKey(env.getValueFrom().getSecretKeyRef().getKey());
          }
        }
      }
    }
  }

  private static void assertSelects(Service service, StatefulSet set, int port) {
    assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(set.getSpec().getServiceName()).isEqualTo(service.getMetadata().getName());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(servicePort -> {
      assertThat(servicePort.getPort()).isEqualTo(port);
      assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
          .anySatisfy(containerPort -> {
            assertThat(containerPort.getName()).isEqualTo(servicePort.getTargetPort().getStrVal());
            assertThat(containerPort.getContainerPort()).isEqualTo(port);
          });
    });
  }

  private StatefulSet statefulSet(String name) {
    return named(StatefulSet.class, name);
  }

  private Service service(String name) {
    return named(Service.class, name);
  }

  Secret secret(String name) {
    return named(Secret.class, name);
  }

  private <T extends KubernetesResource> T named(Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(object -> ((HasMetadata) object).getMetadata().getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + DEV));
  }
}
