package ledger.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each overlay, rendered as kustomize would, parses strictly and passes every check against the application. */
class OverlaysTest {

  private static final Set<String> ROLE_DEPLOYMENTS = Set.of("ledger-command", "ledger-query", "ledger-projection");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void the_overlay_renders_into_the_model_with_no_unknown_field(String overlay) {
    Rendered rendered = Rendered.of(Manifests.ROOT.resolve("overlays").resolve(overlay));
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : rendered.objects()) {
      Model.unknownFields(object).forEach(f -> unknown.add(object.getKind() + " " + object.getMetadata().getName() + ": " + f));
    }
    assertThat(unknown).isEmpty();
    assertThat(rendered.all(Deployment.class).map(d -> d.getMetadata().getName()).collect(Collectors.toSet()))
        .containsAll(ROLE_DEPLOYMENTS);
    assertThat(rendered.find(Job.class, "ledger-migrate")).isPresent();
    assertThat(rendered.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
        .isEqualTo(o.getKind().equals("Namespace") ? null : overlay.equals("dev") ? "ledger-dev" : "ledger"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void the_overlay_passes_every_check_against_the_application(String overlay) {
    Rendered rendered = Rendered.of(Manifests.ROOT.resolve("overlays").resolve(overlay));
    Map<String, List<String>> failed = Checks.ALL.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().apply(rendered)));
    failed.values().removeIf(List::isEmpty);
    assertThat(failed).isEmpty();
  }

  @Test
  void dev_runs_one_replica_of_each_role_in_plaintext_without_caller_authentication() {
    Rendered dev = Rendered.of(Manifests.DEV);
    for (String name : ROLE_DEPLOYMENTS) {
      Deployment d = dev.find(Deployment.class, name).orElseThrow();
      assertThat(d.getSpec().getReplicas()).as(name).isEqualTo(1);
      assertThat(dev.environment(d.getSpec().getTemplate().getSpec().getContainers().get(0)))
          .doesNotContainKeys("LEDGER_TLS_CERT", "LEDGER_JWT_JWKS");
    }
    assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
  }

  @Test
  void prod_spreads_budgets_and_scales_every_role_with_tls_and_caller_authentication() {
    Rendered prod = Rendered.of(Manifests.PROD);
    for (String name : ROLE_DEPLOYMENTS) {
      Deployment d = prod.find(Deployment.class, name).orElseThrow();
      assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).as(name).hasSize(2);
      assertThat(prod.all(PodDisruptionBudget.class).filter(p -> WiringChecks.matches(p.getSpec().getSelector(),
          d.getSpec().getTemplate().getMetadata().getLabels()))).as(name).hasSize(1);
      assertThat(prod.environment(d.getSpec().getTemplate().getSpec().getContainers().get(0)))
          .containsKeys("LEDGER_TLS_CERT", "LEDGER_TLS_KEY", "LEDGER_JWT_JWKS", "LEDGER_JWT_ISSUER", "LEDGER_JWT_AUDIENCE");
    }
    assertThat(prod.all(HorizontalPodAutoscaler.class).map(h -> h.getSpec().getScaleTargetRef().getName()))
        .containsExactlyInAnyOrder("ledger-command", "ledger-query");
    assertThat(prod.find(Deployment.class, "ledger-projection").orElseThrow().getSpec().getReplicas()).isEqualTo(2);
  }

  /**
   * No role sets a CPU limit, so the JVM counts every core of the node: each role's event loops
   * are its CPU request, rounded up (Vert.x would otherwise start one per core of the node).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void each_role_runs_as_many_event_loops_as_its_cpu_request_rounded_up(String overlay) {
    Rendered rendered = Rendered.of(overlay(overlay));
    for (String name : ROLE_DEPLOYMENTS) {
      Container ledger = rendered.find(Deployment.class, name).orElseThrow().getSpec().getTemplate().getSpec()
          .getContainers().get(0);
      BigDecimal request = Quantity.getAmountInBytes(ledger.getResources().getRequests().get("cpu"));

      assertThat(eventLoops(ledger)).as(name + " with a CPU request of " + request)
          .isEqualTo(request.setScale(0, RoundingMode.CEILING).intValueExact());
    }
  }

  /** LEDGER_EVENT_LOOPS as the container gets it: a value, or its CPU request through the downward API. */
  static Integer eventLoops(Container container) {
    EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals("LEDGER_EVENT_LOOPS")).findFirst().orElse(null);
    if (env == null) {
      return null;
    }
    if (env.getValue() != null) {
      return Integer.valueOf(env.getValue());
    }
    ResourceFieldSelector field = env.getValueFrom().getResourceFieldRef();
    assertThat(field.getContainerName() == null || field.getContainerName().equals(container.getName())).isTrue();
    Quantity value = container.getResources().getRequests().get(field.getResource().replace("requests.", ""));
    assertThat(field.getResource()).isEqualTo("requests.cpu");
    BigDecimal divisor = field.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(field.getDivisor());
    // the kubelet rounds a CPU quantity up to a whole number of divisors
    return Quantity.getAmountInBytes(value).divide(divisor, 0, RoundingMode.CEILING).intValueExact();
  }

  static Path overlay(String name) {
    return Manifests.ROOT.resolve("overlays").resolve(name);
  }
}
