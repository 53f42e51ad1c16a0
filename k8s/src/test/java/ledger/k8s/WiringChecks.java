package ledger.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import ledger.app.server.Probes;

/**
 * How the objects of an overlay refer to each other: Secrets, ConfigMaps and certificates that
 * exist, Services and budgets that select pods, autoscalers that own their replicas, network
 * policies that let each role reach what it is configured to use, and metrics scraped where the
 * process serves them.
 */
final class WiringChecks {

  /**
   * Provided by k8s/data/<env>: rendered in dev, made in prod from the operators' secrets in the
   * shape of this template (NAMES.md), whose keys are the ones a pod may ask for.
   */
  static final String BACKENDS_SECRET = "ledger-backends";
  static final Path BACKENDS_TEMPLATE = Manifests.ROOT.resolve("data/prod/ledger-backends.template.yaml");
  /** The Secrets CloudNativePG makes for a Cluster, by suffix of its name, with their keys (empty: not pinned here). */
  private static final Map<String, Set<String>> CNPG_SECRETS = Map.of("-ca", Set.of("ca.crt", "ca.key"),
      "-server", Set.of("tls.crt", "tls.key"), "-replication", Set.of("tls.crt", "tls.key"), "-app", Set.of());
  /** The keys cert-manager writes into a Certificate's Secret. */
  private static final Set<String> CERTIFICATE_KEYS = Set.of("tls.crt", "tls.key", "ca.crt");

  private WiringChecks() {
  }

  /**
   * Every Secret (and key) and ConfigMap a Ledger pod uses exists in the overlay, or is made by
   * cert-manager (a Certificate's Secret), CloudNativePG (a Cluster's) or the operator following
   * the ledger-backends template.
   */
  static List<String> references(Rendered r) {
    List<String> wrong = new ArrayList<>();
    Map<String, Set<String>> secrets = secretKeys(r);
    for (Rendered.Workload w : r.workloads()) {
      for (Container c : w.template().getSpec().getContainers()) {
        for (EnvVar env : c.getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            String name = env.getValueFrom().getSecretKeyRef().getName();
            String key = env.getValueFrom().getSecretKeyRef().getKey();
            Set<String> keys = secrets.get(name);
            if (keys == null || (!keys.isEmpty() && !keys.contains(key))) {
              wrong.add(w.name() + ": env " + env.getName() + " from Secret " + name + "/" + key + ", which is not there");
            }
          }
        }
        for (VolumeMount mount : c.getVolumeMounts()) {
          if (w.template().getSpec().getVolumes().stream().noneMatch(v -> v.getName().equals(mount.getName()))) {
            wrong.add(w.name() + ": mount " + mount.getMountPath() + " of no volume " + mount.getName());
          }
        }
      }
      for (Volume v : w.template().getSpec().getVolumes()) {
        if (v.getSecret() != null) {
          Set<String> keys = secrets.get(v.getSecret().getSecretName());
          if (keys == null) {
            wrong.add(w.name() + ": volume " + v.getName() + " of Secret " + v.getSecret().getSecretName()
                + ", which is neither in the overlay nor a Certificate's or an operator's");
          } else if (!keys.isEmpty()) {
            v.getSecret().getItems().stream().filter(item -> !keys.contains(item.getKey())).forEach(item -> wrong.add(
                w.name() + ": volume " + v.getName() + " of Secret " + v.getSecret().getSecretName() + "/" + item.getKey()
                    + ", which is not there"));
          }
        }
        if (v.getConfigMap() != null && r.find(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
          wrong.add(w.name() + ": volume " + v.getName() + " of ConfigMap " + v.getConfigMap().getName() + ", which is not there");
        }
      }
    }
    return wrong;
  }

  /** The Secrets an overlay's pods may name, each with its keys (empty: keys the operator decides). */
  private static Map<String, Set<String>> secretKeys(Rendered r) {
    Map<String, Set<String>> secrets = new java.util.HashMap<>();
    r.custom("Cluster").filter(c -> c.getApiVersion().startsWith("postgresql.cnpg.io/"))
        .forEach(c -> CNPG_SECRETS.forEach((suffix, keys) -> secrets.put(c.getMetadata().getName() + suffix, keys)));
    r.custom("Certificate").forEach(c -> secrets.put(String.valueOf(spec(c).get("secretName")), CERTIFICATE_KEYS));
    secrets.put(BACKENDS_SECRET, keys(Model.SERIALIZATION.unmarshal(Yaml.json(Yaml.documents(BACKENDS_TEMPLATE).get(0)),
        Secret.class)));
    r.all(Secret.class).forEach(s -> secrets.put(s.getMetadata().getName(), keys(s)));
    return secrets;
  }

  private static Set<String> keys(Secret secret) {
    Set<String> keys = new TreeSet<>(secret.getData() == null ? Set.of() : secret.getData().keySet());
    keys.addAll(secret.getStringData() == null ? Set.of() : secret.getStringData().keySet());
    return keys;
  }

  /** Each Ledger Service selects the pods of one role, to a port they name; headless ones have no cluster IP. */
  static List<String> services(Rendered r) {
    List<String> wrong = new ArrayList<>();
    r.all(Service.class).filter(s -> "ledger".equals(s.getMetadata().getLabels().get(Rendered.NAME))).forEach(s -> {
      String name = s.getMetadata().getName();
      List<Rendered.Workload> selected = r.workloads().stream()
          .filter(w -> w.kind().equals("Deployment") && matches(s.getSpec().getSelector(), w.template().getMetadata().getLabels()))
          .toList();
      if (selected.size() != 1) {
        wrong.add("Service " + name + " selects " + selected.size() + " Deployments, not one");
        return;
      }
      for (ServicePort port : s.getSpec().getPorts()) {
        String target = port.getTargetPort().getStrVal();
        if (target == null || selected.get(0).ledger().getPorts().stream().map(ContainerPort::getName).noneMatch(target::equals)) {
          wrong.add("Service " + name + ": targetPort " + (target != null ? target : port.getTargetPort().getIntVal())
              + " is no named port of " + selected.get(0).name());
        }
      }
      if (name.endsWith("-headless") != "None".equals(s.getSpec().getClusterIP())) {
        wrong.add("Service " + name + ": clusterIP None goes with the -headless name, and only there");
      }
    });
    return wrong;
  }

  /**
   * An autoscaler scales an existing Deployment that leaves its replicas to it and asks for CPU; a
   * budget selects one Deployment's pods.
   */
  static List<String> scaling(Rendered r) {
    List<String> wrong = new ArrayList<>();
    r.all(HorizontalPodAutoscaler.class).filter(WiringChecks::ledgers).forEach(h -> {
      String target = h.getSpec().getScaleTargetRef().getName();
      Optional<Deployment> d = r.find(Deployment.class, target);
      if (d.isEmpty()) {
        wrong.add("HPA " + h.getMetadata().getName() + " scales " + target + ", which is not there");
        return;
      }
      if (d.get().getSpec().getReplicas() != null) {
        wrong.add("Deployment " + target + " sets replicas, which every apply would reset under HPA "
            + h.getMetadata().getName());
      }
      if (d.get().getSpec().getTemplate().getSpec().getContainers().stream()
          .anyMatch(c -> c.getResources() == null || c.getResources().getRequests().get("cpu") == null)) {
        wrong.add("Deployment " + target + " has no CPU request for HPA " + h.getMetadata().getName() + " to scale on");
      }
    });
    r.all(PodDisruptionBudget.class).filter(WiringChecks::ledgers).forEach(p -> {
      long selected = r.all(Deployment.class)
          .filter(d -> matches(p.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels())).count();
      if (selected != 1) {
        wrong.add("PDB " + p.getMetadata().getName() + " selects " + selected + " Deployments, not one");
      }
    });
    return wrong;
  }

  /**
   * The components whose containers are given LEDGER_PG_URL (LEDGER_REDIS_URL) are exactly those the
   * network policies let reach the PostgreSQL (Redis) pods of NAMES.md, and every Ledger pod may
   * reach DNS.
   */
  static List<String> networkPolicies(Rendered r) {
    List<String> wrong = new ArrayList<>();
    List<NetworkPolicy> policies = r.all(NetworkPolicy.class).toList();
    Map<String, Map<String, String>> backends = Map.of(
        "LEDGER_PG_URL", Map.of("cnpg.io/cluster", "ledger-pg"),
        "LEDGER_REDIS_URL", Map.of("app.kubernetes.io/name", "redis"),
        "(DNS)", Map.of("k8s-app", "kube-dns"));
    for (Map.Entry<String, Map<String, String>> backend : backends.entrySet()) {
      for (Rendered.Workload w : r.workloads()) {
        boolean configured = backend.getKey().equals("(DNS)") || r.environment(w.ledger()).containsKey(backend.getKey());
        boolean allowed = policies.stream().anyMatch(p -> matches(p.getSpec().getPodSelector(), w.template().getMetadata().getLabels())
            && p.getSpec().getEgress().stream().anyMatch(e -> reaches(e, backend.getValue())));
        if (configured != allowed) {
          wrong.add(w.name() + (configured ? " uses " : " does not use ") + backend.getKey() + " but the network policies "
              + (allowed ? "let it reach " : "do not let it reach ") + backend.getValue());
        }
      }
    }
    r.workloads().forEach(w -> {
      if (policies.stream().noneMatch(p -> matches(p.getSpec().getPodSelector(), w.template().getMetadata().getLabels())
          && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()
          && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")))) {
        wrong.add(w.name() + ": no default-deny policy selects it");
      }
    });
    return wrong;
  }

  /**
   * The Services the operators make in prod (none is rendered there), by the labels of the pods
   * they select (NAMES.md); a Service of the overlay (dev) is read instead.
   */
  private static final Map<String, Map<String, String>> OPERATOR_SERVICES = Map.of(
      "ledger-pg-rw", Map.of("cnpg.io/cluster", "ledger-pg"),
      "ledger-pg-pooler", Map.of("cnpg.io/poolerName", "ledger-pg-pooler"),
      "ledger-redis-master", Map.of("app.kubernetes.io/name", "redis"));

  /**
   * Each backend URL a Ledger pod reads (from ledger-backends, rendered or as its template says)
   * names a Service whose pods the network policies let that pod reach on the URL's port: the
   * pooler for the command and query roles in prod, PostgreSQL's primary for the projection and
   * the migrate Job.
   */
  static List<String> backendsReachable(Rendered r) {
    List<String> wrong = new ArrayList<>();
    Secret backends = r.find(Secret.class, BACKENDS_SECRET).orElseGet(() -> Model.SERIALIZATION.unmarshal(
        Yaml.json(Yaml.documents(BACKENDS_TEMPLATE).get(0)), Secret.class));
    List<NetworkPolicy> policies = r.all(NetworkPolicy.class).toList();
    for (Rendered.Workload w : r.workloads()) {
      for (EnvVar env : w.ledger().getEnv()) {
        if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null
            || !env.getValueFrom().getSecretKeyRef().getName().equals(BACKENDS_SECRET)) {
          continue;
        }
        String key = env.getValueFrom().getSecretKeyRef().getKey();
        String url = backends.getStringData() != null ? backends.getStringData().get(key) : null;
        if (url == null && backends.getData() != null && backends.getData().get(key) != null) {
          url = new String(java.util.Base64.getDecoder().decode(backends.getData().get(key)),
              java.nio.charset.StandardCharsets.UTF_8);
        }
        if (url == null) {
          continue; // references() names a missing key
        }
        java.net.URI uri = java.net.URI.create(url);
        String service = uri.getHost().split("\\.")[0];
        Map<String, String> pods = r.find(Service.class, service).map(s -> s.getSpec().getSelector())
            .orElse(OPERATOR_SERVICES.get(service));
        if (pods == null) {
          wrong.add(w.name() + ": " + env.getName() + " names " + service + ", a Service neither rendered nor an operator's");
          continue;
        }
        int port = uri.getPort();
        boolean allowed = policies.stream().anyMatch(p -> matches(p.getSpec().getPodSelector(), w.template().getMetadata().getLabels())
            && p.getSpec().getEgress().stream().anyMatch(e -> reaches(e, pods) && (e.getPorts().isEmpty()
            || e.getPorts().stream().anyMatch(pp -> pp.getPort() != null && Integer.valueOf(port).equals(pp.getPort().getIntVal())))));
        if (!allowed) {
          wrong.add(w.name() + ": " + env.getName() + " (" + BACKENDS_SECRET + "/" + key + ") goes to " + service + ":" + port
              + ", pods " + pods + " the network policies do not let it reach");
        }
      }
    }
    return wrong;
  }

  private static boolean reaches(NetworkPolicyEgressRule rule, Map<String, String> podLabels) {
    return rule.getTo().stream().map(NetworkPolicyPeer::getPodSelector).filter(Objects::nonNull)
        .anyMatch(selector -> !selector.getMatchLabels().isEmpty() && matches(selector, podLabels));
  }

  /**
   * With TLS on, its files are mounted from a Certificate's Secret; with a JWKS, its file from a
   * ConfigMap or Secret of the overlay.
   */
  static List<String> tlsAndJwt(Rendered r) {
    List<String> wrong = new ArrayList<>();
    Set<String> certificates = new TreeSet<>();
    r.custom("Certificate").forEach(c -> certificates.add(String.valueOf(spec(c).get("secretName"))));
    for (Rendered.Workload w : r.workloads()) {
      Map<String, String> env = r.environment(w.ledger());
      for (String file : List.of("LEDGER_TLS_CERT", "LEDGER_TLS_KEY", "LEDGER_JWT_JWKS")) {
        String path = env.get(file);
        if (path == null) {
          continue;
        }
        Optional<Volume> volume = volumeAt(w, Path.of(path));
        if (volume.isEmpty()) {
          wrong.add(w.name() + ": " + file + "=" + path + " is on no mounted volume");
        } else if (file.startsWith("LEDGER_TLS") && (volume.get().getSecret() == null
            || !certificates.contains(volume.get().getSecret().getSecretName()))) {
          wrong.add(w.name() + ": " + file + " is not from a cert-manager Certificate's Secret");
        }
      }
    }
    return wrong;
  }

  private static Optional<Volume> volumeAt(Rendered.Workload w, Path file) {
    return w.ledger().getVolumeMounts().stream().filter(m -> file.getParent().equals(Path.of(m.getMountPath())))
        .findFirst().flatMap(m -> w.template().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(m.getName())).findFirst());
  }

  /**
   * Every endpoint of Ledger's PodMonitors scrapes the port named http, which serves
   * {@link Probes#METRICS}, in the scheme the pods serve it (HTTPS when TLS is on, then verifying
   * the certificate against the CA of the Certificate's Secret the pods serve).
   */
  @SuppressWarnings("unchecked")
  static List<String> metrics(Rendered r) {
    List<String> wrong = new ArrayList<>();
    Set<String> tlsSecrets = new TreeSet<>();
    boolean tls = false;
    for (Rendered.Workload w : r.workloads()) {
      Map<String, String> env = r.environment(w.ledger());
      if (w.kind().equals("Deployment") && env.get("LEDGER_TLS_CERT") != null) {
        tls = true;
        volumeAt(w, Path.of(env.get("LEDGER_TLS_CERT"))).filter(v -> v.getSecret() != null)
            .ifPresent(v -> tlsSecrets.add(v.getSecret().getSecretName()));
      }
    }
    for (HasMetadata monitor : r.objects()) {
      if (!monitor.getKind().equals("PodMonitor") || !ledgers(monitor)) {
        continue;
      }
      String name = "PodMonitor " + monitor.getMetadata().getName();
      Map<String, Object> tree = Model.SERIALIZATION.convertValue(monitor, Map.class);
      Map<String, Object> spec = (Map<String, Object>) tree.get("spec");
      for (Object e : (List<Object>) spec.getOrDefault("podMetricsEndpoints", List.of())) {
        Map<String, Object> endpoint = (Map<String, Object>) e;
        String path = (String) endpoint.getOrDefault("path", "/metrics");
        if (!path.equals(Probes.METRICS)) {
          wrong.add(name + " scrapes " + path + ", metrics are at " + Probes.METRICS);
        }
        if (!"http".equals(endpoint.get("port"))) {
          wrong.add(name + " scrapes port " + endpoint.get("port") + ", metrics are on the port named http");
        }
        String scheme = String.valueOf(endpoint.getOrDefault("scheme", "http")).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals(tls ? "https" : "http")) {
          wrong.add(name + " scrapes with scheme " + scheme + " while TLS is " + (tls ? "on" : "off"));
        }
        Map<String, Object> tlsConfig = (Map<String, Object>) endpoint.getOrDefault("tlsConfig", Map.of());
        Map<String, Object> ca = (Map<String, Object>) ((Map<String, Object>) tlsConfig.getOrDefault("ca", Map.of()))
            .getOrDefault("secret", Map.of());
        if (tls && !(ca.get("name") instanceof String secret && tlsSecrets.contains(secret) && "ca.crt".equals(ca.get("key")))) {
          wrong.add(name + " verifies the roles' certificate against " + ca + ", not ca.crt of " + tlsSecrets);
        }
        if (Boolean.TRUE.equals(tlsConfig.get("insecureSkipVerify"))) {
          wrong.add(name + " skips verifying the roles' certificate");
        }
      }
    }
    for (Rendered.Workload w : r.workloads()) {
      if (!w.kind().equals("Deployment")) {
        continue;
      }
      if (w.ledger().getPorts().stream().noneMatch(p -> p.getName().equals("http"))) {
        wrong.add(w.name() + ": no port named http for the metrics");
      }
    }
    return wrong;
  }

  /** Labelled as Ledger's own (the data services' objects are their operators' business). */
  private static boolean ledgers(HasMetadata object) {
    return object.getMetadata().getLabels() != null
        && "ledger".equals(object.getMetadata().getLabels().get(Rendered.NAME));
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null || labels == null) {
      return false;
    }
    for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement e : selector.getMatchExpressions()) {
      boolean has = labels.containsKey(e.getKey());
      boolean in = has && e.getValues().contains(labels.get(e.getKey()));
      boolean ok = switch (e.getOperator()) {
        case "In" -> in;
        case "NotIn" -> !in;
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty() && labels != null
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("spec", Map.of());
  }
}
