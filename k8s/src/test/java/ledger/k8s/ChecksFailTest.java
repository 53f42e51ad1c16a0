package ledger.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check finds what it is for: one wrong line (a strategic merge patch on the rendered
 * overlay) and the check names it. Without these, a check that can never fail would pass.
 */
class ChecksFailTest {

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("dev", "Deployment", "ledger-command", container("env: [{name: LEDGER_NOPE, value: x}]"),
            "commandLines", "reads no environment variable LEDGER_NOPE"),
        Arguments.of("dev", "Deployment", "ledger-query", container("args: [serve, --no-such-flag=1]"),
            "commandLines", "has no option --no-such-flag"),
        Arguments.of("dev", "Job", "ledger-migrate", "spec: {template: {spec: {containers: [{name: migrate, args: [migrat]}]}}}",
            "commandLines", "has no subcommand migrat"),
        Arguments.of("dev", "Deployment", "ledger-command", container("env: [{name: LEDGER_ROLES, value: comand}]"),
            "roles", "unknown role 'comand'"),
        Arguments.of("dev", "Deployment", "ledger-command", container("env: [{name: LEDGER_ROLES, value: query}]"),
            "roles", "is not the component command"),
        Arguments.of("dev", "Deployment", "ledger-query", container("ports: [{name: grpc, containerPort: 9091}]"),
            "portsAndProbes", "port grpc is 9091"),
        Arguments.of("dev", "Deployment", "ledger-query", container("startupProbe: {httpGet: {path: /healthz, port: http}}"),
            "portsAndProbes", "path /healthz is served by no endpoint"),
        Arguments.of("dev", "Deployment", "ledger-projection", container("livenessProbe: {grpc: {port: 9090, service: null}}"),
            "portsAndProbes", "liveness on gRPC health ''"),
        Arguments.of("prod", "Deployment", "ledger-command", container("readinessProbe: {httpGet: null, grpc: {port: 9090}}"),
            "portsAndProbes", "speaks no TLS"),
        Arguments.of("dev", "Deployment", "ledger-command", container("securityContext: {readOnlyRootFilesystem: false}"),
            "hardening", "readOnlyRootFilesystem true"),
        Arguments.of("dev", "Deployment", "ledger-query", "spec: {template: {spec: {securityContext: {runAsUser: 0}}}}",
            "hardening", "non-root"),
        Arguments.of("dev", "Deployment", "ledger-command", "spec: {template: {spec: {terminationGracePeriodSeconds: 12}}}",
            "timing", "terminationGracePeriodSeconds 12"),
        Arguments.of("dev", "ConfigMap", "ledger-settings", "data: {LEDGER_SCHEMA_WAIT_MS: '600000'}",
            "timing", "the schema wait is 600 s"),
        Arguments.of("dev", "ConfigMap", "ledger-settings", "data: {LEDGER_MIGRATE: 'true'}",
            "timing", "a role migrates at start"),
        Arguments.of("dev", "Service", "ledger-query-headless", "spec: {ports: [{port: 9090, targetPort: grcp}]}",
            "services", "targetPort grcp"),
        Arguments.of("dev", "Deployment", "ledger-command", container(
                "env: [{name: LEDGER_REDIS_URL, valueFrom: {secretKeyRef: {name: ledger-backends, key: redis-url}}}]"),
            "networkPolicies", "ledger-command uses LEDGER_REDIS_URL"),
        Arguments.of("prod", "Deployment", "ledger-query", "spec: {template: {spec: {volumes: [{name: tls, secret: {secretName: ledger-tls-old}}]}}}",
            "references", "Secret ledger-tls-old"),
        Arguments.of("prod", "Deployment", "ledger-query", container("env: [{name: LEDGER_TLS_CERT, value: /etc/tls/tls.crt}]"),
            "tlsAndJwt", "is on no mounted volume"),
        Arguments.of("prod", "Deployment", "ledger-command", "spec: {replicas: 3}",
            "scaling", "sets replicas"),
        Arguments.of("dev", "Deployment", "ledger-command", container("ports: [{name: web, containerPort: 8080}]"),
            "metrics", "no port named http"),
        Arguments.of("dev", "Deployment", "ledger-query", container("env: [{name: JAVA_TOOL_OPTIONS, value: -Xmx1g}]"),
            "commandLines", "JAVA_TOOL_OPTIONS sets JVM flags beside the image's"),
        Arguments.of("prod", "Deployment", "ledger-projection", container(
                "env: [{name: LEDGER_PG_URL, valueFrom: {secretKeyRef: {name: ledger-backends, key: pg-direkt-url}}}]"),
            "references", "Secret ledger-backends/pg-direkt-url"),
        Arguments.of("prod", "Job", "ledger-migrate",
            "spec: {template: {spec: {volumes: [{name: pg-ca, secret: {secretName: ledger-pg-ca, items: [{key: tls.crt, path: ca.crt}]}}]}}}",
            "references", "Secret ledger-pg-ca/tls.crt"),
        Arguments.of("prod", "NetworkPolicy", "ledger-to-postgresql",
            "spec: {egress: [{to: [{podSelector: {matchLabels: {cnpg.io/cluster: ledger-pg}}}], ports: [{protocol: TCP, port: 5432}]}]}",
            "backendsReachable", "ledger-command: LEDGER_PG_URL (ledger-backends/pg-url) goes to ledger-pg-pooler:5432"),
        Arguments.of("dev", "Service", "ledger-redis-master", "spec: {selector: {app.kubernetes.io/name: valkey}}",
            "backendsReachable", "ledger-query: LEDGER_REDIS_URL (ledger-backends/redis-url) goes to ledger-redis-master:6379"),
        Arguments.of("prod", "PodMonitor", "ledger", "spec: {podMetricsEndpoints: [{port: http, path: /metrics}]}",
            "metrics", "scrapes with scheme http while TLS is on"),
        Arguments.of("prod", "PodMonitor", "ledger", "spec: {podMetricsEndpoints: [{port: http, path: /metrics, "
                + "scheme: https, tlsConfig: {insecureSkipVerify: true}}]}",
            "metrics", "skips verifying"),
        Arguments.of("dev", "PodMonitor", "ledger", "spec: {podMetricsEndpoints: [{port: http, path: /metrics, scheme: https}]}",
            "metrics", "scrapes with scheme https while TLS is off"));
  }

  @ParameterizedTest(name = "{4}: {0} {2} {3}")
  @MethodSource("mistakes")
  void the_check_names_the_mistake(String overlay, String kind, String name, String patch, String check, String says) {
    List<Map<String, Object>> trees = Kustomize.build(OverlaysTest.overlay(overlay));
    Map<String, Object> target = trees.stream()
        .filter(t -> kind.equals(t.get("kind")) && name.equals(Kustomize.metadata(t).get("name"))).findFirst().orElseThrow();
    assertThat(Checks.ALL.get(check).apply(Rendered.of(overlay, trees))).as("before the mistake").isEmpty();

    StrategicMerge.apply(target, Yaml.document(patch));

    assertThat(Checks.ALL.get(check).apply(Rendered.of(overlay, trees))).anyMatch(problem -> problem.contains(says));
  }

  @org.junit.jupiter.api.Test
  void a_pod_monitor_that_scrapes_another_port_or_path_is_named() {
    List<Map<String, Object>> trees = Kustomize.build(OverlaysTest.overlay("dev"));
    trees.add(Yaml.document("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: ledger, labels: {app.kubernetes.io/name: ledger}}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: ledger}}
          podMetricsEndpoints: [{port: http, path: /metrics}]
        """));
    assertThat(WiringChecks.metrics(Rendered.of("dev", trees))).isEmpty();

    trees.set(trees.size() - 1, Yaml.document("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: ledger, labels: {app.kubernetes.io/name: ledger}}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: ledger}}
          podMetricsEndpoints: [{port: metrics, path: /prometheus}]
        """));

    assertThat(WiringChecks.metrics(Rendered.of("dev", trees)))
        .anyMatch(p -> p.contains("scrapes port metrics")).anyMatch(p -> p.contains("scrapes /prometheus"));
  }

  private static String container(String fields) {
    String name = "name: ledger, ";
    return "spec: {template: {spec: {containers: [{" + name + fields.replaceFirst("^(\\w+): ", "$1: ") + "}]}}}";
  }
}
