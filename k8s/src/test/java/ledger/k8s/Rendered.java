package ledger.k8s;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** An overlay as {@code kubectl apply -k} would send it, in the fabric8 model. */
record Rendered(String name, List<HasMetadata> objects) {

  static final String NAME = "app.kubernetes.io/name";
  static final String PART_OF = "app.kubernetes.io/part-of";
  static final String COMPONENT = "app.kubernetes.io/component";

  /** A Ledger pod template: the Deployment of a role or the migrate Job. */
  record Workload(String kind, String name, String component, PodTemplateSpec template) {

    Container ledger() {
      return template.getSpec().getContainers().get(0);
    }
  }

  static Rendered of(Path overlay) {
    return of(overlay.getFileName().toString(), Kustomize.build(overlay));
  }

  /** The objects of rendered trees (as {@link Kustomize#build} returns them). */
  static Rendered of(String name, List<Map<String, Object>> trees) {
    return new Rendered(name, trees.stream().map(tree -> Model.parse(tree, name + " (rendered)")).toList());
  }

  <T extends HasMetadata> Stream<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast);
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  Stream<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).filter(o -> o.getKind().equals(kind));
  }

  /** The Deployments and the Job whose pods are labelled app.kubernetes.io/name=ledger. */
  List<Workload> workloads() {
    Stream<Workload> deployments = all(Deployment.class).map(d -> new Workload("Deployment",
        d.getMetadata().getName(), label(d.getSpec().getTemplate(), COMPONENT), d.getSpec().getTemplate()));
    Stream<Workload> jobs = all(Job.class).map(j -> new Workload("Job", j.getMetadata().getName(),
        label(j.getSpec().getTemplate(), COMPONENT), j.getSpec().getTemplate()));
    return Stream.concat(deployments, jobs).filter(w -> "ledger".equals(label(w.template(), NAME))).toList();
  }

  /**
   * The environment a container starts with, as far as the manifests say: its ConfigMaps' keys
   * (envFrom), then its own env, which wins. A value from a Secret reads "(secret name/key)".
   */
  Map<String, String> environment(Container container) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        find(ConfigMap.class, source.getConfigMapRef().getName())
            .ifPresent(map -> environment.putAll(map.getData()));
      }
    }
    for (EnvVar env : container.getEnv()) {
      String value = env.getValue();
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        value = "(secret " + env.getValueFrom().getSecretKeyRef().getName() + "/"
            + env.getValueFrom().getSecretKeyRef().getKey() + ")";
      }
      environment.put(env.getName(), value);
    }
    return environment;
  }

  static String label(PodTemplateSpec template, String key) {
    Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
