package ledger.k8s;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import ledger.app.server.Probes;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;

/**
 * The Ledger containers against the application itself: the subcommand and every flag and
 * environment variable are options of it (picocli's model), LEDGER_ROLES parses and names the
 * role of the component, ports are the ones the process listens on, probes ask paths and gRPC
 * health services it serves. Each check returns what is wrong, empty when nothing is.
 */
final class RoleChecks {

  /** Read by the OpenTelemetry SDK, not by picocli. */
  static final Set<String> PLATFORM_ENVIRONMENT = Set.of("OTEL_SERVICE_NAME");
  /**
   * JVM flags are the image's (its entrypoint): the JVM reads these before them and prints
   * "Picked up ..." on standard error at every start, a line that is not JSON in a JSON log.
   */
  static final Set<String> JVM_OPTION_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
  private static final Map<String, String> SUBCOMMAND = Map.of("command", "serve", "query", "serve",
      "projection", "serve", "migrate", "migrate");
  private static final Map<String, Set<Role>> ROLES = Map.of("command", EnumSet.of(Role.COMMAND),
      "query", EnumSet.of(Role.QUERY), "projection", EnumSet.of(Role.PROJECTION));

  private RoleChecks() {
  }

  /** The subcommand, its flags and the environment of every Ledger container are options of {@code ./ledger}. */
  static List<String> commandLines(Rendered r) {
    List<String> wrong = new ArrayList<>();
    for (Rendered.Workload w : r.workloads()) {
      String where = w.kind() + " " + w.name();
      if (!SUBCOMMAND.containsKey(w.component())) {
        wrong.add(where + ": component " + w.component() + " is none of " + SUBCOMMAND.keySet());
        continue;
      }
      for (Container c : w.template().getSpec().getContainers()) {
        List<String> args = c.getArgs();
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
          wrong.add(where + ": command overrides the image's entrypoint (./ledger); give args only");
        }
        if (args.isEmpty()) {
          wrong.add(where + ": no args: the subcommand is missing");
          continue;
        }
        CliOptions options = CliOptions.of(args.get(0));
        if (options == null) {
          wrong.add(where + ": ./ledger has no subcommand " + args.get(0));
          continue;
        }
        if (!args.get(0).equals(SUBCOMMAND.get(w.component()))) {
          wrong.add(where + ": component " + w.component() + " runs " + args.get(0));
        }
        for (String arg : args.subList(1, args.size())) {
          String flag = arg.split("=", 2)[0];
          if (flag.startsWith("-") && !options.flags().contains(flag)) {
            wrong.add(where + ": ./ledger " + options.command() + " has no option " + flag);
          }
        }
        for (String name : r.environment(c).keySet()) {
          if (JVM_OPTION_VARIABLES.contains(name)) {
            wrong.add(where + ": " + name + " sets JVM flags beside the image's (k8s/Dockerfile, Jib), and the JVM "
                + "announces it on stderr at every start");
          } else if (!options.environment().contains(name) && !PLATFORM_ENVIRONMENT.contains(name)) {
            wrong.add(where + ": ./ledger " + options.command() + " reads no environment variable " + name);
          }
        }
        for (EnvFromSource source : c.getEnvFrom()) {
          if (source.getConfigMapRef() == null || r.find(ConfigMap.class, source.getConfigMapRef().getName()).isEmpty()) {
            wrong.add(where + ": envFrom names no ConfigMap of the overlay: " + source);
          }
        }
      }
    }
    return wrong;
  }

  /** LEDGER_ROLES of each role's Deployment parses and is exactly the role its component label names. */
  static List<String> roles(Rendered r) {
    List<String> wrong = new ArrayList<>();
    for (Rendered.Workload w : r.workloads()) {
      if (!ROLES.containsKey(w.component())) {
        continue;
      }
      String value = r.environment(w.ledger()).get("LEDGER_ROLES");
      if (value == null) {
        wrong.add(w.name() + ": no LEDGER_ROLES (the default runs every role)");
        continue;
      }
      try {
        Set<Role> roles = Role.parse(value);
        if (!roles.equals(ROLES.get(w.component()))) {
          wrong.add(w.name() + ": LEDGER_ROLES=" + value + " is not the component " + w.component());
        }
      } catch (IllegalArgumentException e) {
        wrong.add(w.name() + ": LEDGER_ROLES=" + value + ": " + e.getMessage());
      }
    }
    return wrong;
  }

  /**
   * Ports named grpc and http are the ones the process listens on (LEDGER_GRPC_PORT / LEDGER_HTTP_PORT
   * or ServerConfig's defaults); probes ask the HTTP paths and gRPC health services it serves,
   * liveness never one that follows the backends, and with TLS on no probe speaks plaintext.
   */
  static List<String> portsAndProbes(Rendered r) {
    List<String> wrong = new ArrayList<>();
    ServerConfig defaults = ServerConfig.defaults();
    for (Rendered.Workload w : r.workloads()) {
      if (!ROLES.containsKey(w.component())) {
        continue;
      }
      Container c = w.ledger();
      Map<String, String> env = r.environment(c);
      int grpc = Integer.parseInt(env.getOrDefault("LEDGER_GRPC_PORT", Integer.toString(defaults.grpcPort())));
      int http = Integer.parseInt(env.getOrDefault("LEDGER_HTTP_PORT", Integer.toString(defaults.httpPort())));
      boolean tls = env.get("LEDGER_TLS_CERT") != null;
      Map<String, Integer> ports = new java.util.HashMap<>();
      for (ContainerPort port : c.getPorts()) {
        ports.merge(port.getName(), port.getContainerPort(), (before, now) -> {
          wrong.add(w.name() + ": two ports named " + port.getName() + " (" + before + ", " + now + ")");
          return Objects.equals(before, "grpc".equals(port.getName()) ? grpc : http) ? now : before;
        });
      }
      if (!Integer.valueOf(grpc).equals(ports.get("grpc"))) {
        wrong.add(w.name() + ": port grpc is " + ports.get("grpc") + ", the process listens on " + grpc);
      }
      if (!Integer.valueOf(http).equals(ports.get("http"))) {
        wrong.add(w.name() + ": port http is " + ports.get("http") + ", the process listens on " + http);
      }
      probe(wrong, w.name() + " startupProbe", c.getStartupProbe(), grpc, http, ports, tls, false);
      probe(wrong, w.name() + " readinessProbe", c.getReadinessProbe(), grpc, http, ports, tls, false);
      probe(wrong, w.name() + " livenessProbe", c.getLivenessProbe(), grpc, http, ports, tls, true);
    }
    return wrong;
  }

  private static void probe(List<String> wrong, String where, Probe probe, int grpc, int http,
                            Map<String, Integer> ports, boolean tls, boolean liveness) {
    if (probe == null) {
      wrong.add(where + ": missing");
      return;
    }
    if (probe.getGrpc() != null) {
      String service = probe.getGrpc().getService() == null ? "" : probe.getGrpc().getService();
      if (probe.getGrpc().getPort() == null || probe.getGrpc().getPort() != grpc) {
        wrong.add(where + ": gRPC probe on port " + probe.getGrpc().getPort() + ", gRPC is on " + grpc);
      }
      if (tls) {
        wrong.add(where + ": a kubelet gRPC probe speaks no TLS, and TLS is on");
      }
      if (!service.isEmpty() && !service.equals(Probes.GRPC_LIVENESS)) {
        wrong.add(where + ": gRPC health service '" + service + "' is neither \"\" nor " + Probes.GRPC_LIVENESS);
      }
      if (liveness && !service.equals(Probes.GRPC_LIVENESS)) {
        wrong.add(where + ": liveness on gRPC health '" + service + "', which follows the backends; use "
            + Probes.GRPC_LIVENESS);
      }
    } else if (probe.getHttpGet() != null) {
      HTTPGetAction get = probe.getHttpGet();
      IntOrString port = get.getPort();
      Integer number = port.getIntVal() != null ? port.getIntVal() : ports.get(port.getStrVal());
      if (number == null || number != http) {
        wrong.add(where + ": HTTP probe on port " + port + ", HTTP is on " + http);
      }
      if (!get.getPath().equals(Probes.HEALTH_LIVE) && !get.getPath().equals(Probes.HEALTH_READY)) {
        wrong.add(where + ": path " + get.getPath() + " is served by no endpoint");
      }
      if (liveness && !get.getPath().equals(Probes.HEALTH_LIVE)) {
        wrong.add(where + ": liveness on " + get.getPath() + ", which follows the backends; use " + Probes.HEALTH_LIVE);
      }
      boolean https = "HTTPS".equals(get.getScheme());
      if (https != tls) {
        wrong.add(where + ": scheme " + get.getScheme() + " while TLS is " + (tls ? "on" : "off"));
      }
    } else {
      wrong.add(where + ": neither a gRPC nor an HTTP probe");
    }
  }
}
