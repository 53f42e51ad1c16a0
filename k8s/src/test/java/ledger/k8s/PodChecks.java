package ledger.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** How every Ledger pod runs: hardened, stopped in step with the drain, started within the schema wait. */
final class PodChecks {

  /** After the drain: the roles stop, the JVM exits. */
  static final long STOP_MARGIN_S = 5;
  /** After the schema wait: the start itself. */
  static final long START_MARGIN_S = 20;

  private PodChecks() {
  }

  /** Non-root with a numeric user, seccomp RuntimeDefault, no privilege escalation, read-only root, no capabilities, /tmp writable. */
  static List<String> hardening(Rendered r) {
    List<String> wrong = new ArrayList<>();
    for (Rendered.Workload w : r.workloads()) {
      PodSpec pod = w.template().getSpec();
      PodSecurityContext podContext = pod.getSecurityContext();
      if (podContext == null || !Boolean.TRUE.equals(podContext.getRunAsNonRoot()) || podContext.getRunAsUser() == null
          || podContext.getRunAsUser() == 0) {
        wrong.add(w.name() + ": the pod must run as non-root with a numeric runAsUser");
      } else if (podContext.getSeccompProfile() == null || !"RuntimeDefault".equals(podContext.getSeccompProfile().getType())) {
        wrong.add(w.name() + ": seccompProfile must be RuntimeDefault");
      }
      if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
        wrong.add(w.name() + ": the roles call no Kubernetes API; automountServiceAccountToken must be false");
      }
      for (Container c : pod.getContainers()) {
        SecurityContext s = c.getSecurityContext();
        if (s == null || !Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())
            || !Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()) || s.getCapabilities() == null
            || !s.getCapabilities().getDrop().contains("ALL") || !s.getCapabilities().getAdd().isEmpty()) {
          wrong.add(w.name() + "/" + c.getName() + ": needs allowPrivilegeEscalation false, readOnlyRootFilesystem true, "
              + "capabilities drop ALL and none added");
        }
        boolean tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
            .map(VolumeMount::getName).anyMatch(name -> pod.getVolumes().stream()
                .anyMatch(v -> v.getName().equals(name) && v.getEmptyDir() != null));
        if (!tmp) {
          wrong.add(w.name() + "/" + c.getName() + ": a read-only root needs an emptyDir at /tmp (the JVM's and Netty's)");
        }
        if (c.getResources() == null || c.getResources().getRequests().get("memory") == null
            || c.getResources().getLimits().get("memory") == null) {
          wrong.add(w.name() + "/" + c.getName() + ": memory request and limit (the heap is a share of the limit)");
        }
      }
    }
    return wrong;
  }

  /**
   * terminationGracePeriodSeconds covers preStop, then the drain (LEDGER_SHUTDOWN_GRACE_MS, else
   * serve's default), then a margin; the startup probe allows the schema wait
   * (LEDGER_SCHEMA_WAIT_MS) and a margin, or Kubernetes kills a role that is rightly waiting.
   */
  static List<String> timing(Rendered r) {
    List<String> wrong = new ArrayList<>();
    for (Rendered.Workload w : r.workloads()) {
      if (!w.kind().equals("Deployment")) {
        continue;
      }
      Container c = w.ledger();
      Map<String, String> env = r.environment(c);
      long drainS = Long.parseLong(env.getOrDefault("LEDGER_SHUTDOWN_GRACE_MS",
          CliOptions.of("serve").fallback("--shutdown-grace-ms"))) / 1000;
      long preStopS = c.getLifecycle() == null || c.getLifecycle().getPreStop() == null
          || c.getLifecycle().getPreStop().getSleep() == null ? 0 : c.getLifecycle().getPreStop().getSleep().getSeconds();
      if (preStopS == 0) {
        wrong.add(w.name() + ": no preStop sleep: endpoints and clients still send to a stopping pod");
      }
      Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();
      long needed = preStopS + drainS + STOP_MARGIN_S;
      if (grace == null || grace < needed) {
        wrong.add(w.name() + ": terminationGracePeriodSeconds " + grace + " < preStop " + preStopS + " s + drain "
            + drainS + " s + " + STOP_MARGIN_S + " s");
      }
      boolean migrates = Boolean.parseBoolean(env.getOrDefault("LEDGER_MIGRATE",
          CliOptions.of("serve").fallback("--migrate")));
      if (migrates) {
        wrong.add(w.name() + ": a role migrates at start (LEDGER_MIGRATE); the ledger-migrate Job does that");
      }
      long waitS = Long.parseLong(env.getOrDefault("LEDGER_SCHEMA_WAIT_MS",
          CliOptions.of("serve").fallback("--schema-wait-ms"))) / 1000;
      Probe startup = c.getStartupProbe();
      long budget = startup == null ? 0 : (long) orZero(startup.getInitialDelaySeconds())
          + (long) orDefault(startup.getPeriodSeconds(), 10) * orDefault(startup.getFailureThreshold(), 3);
      if (budget < waitS + START_MARGIN_S) {
        wrong.add(w.name() + ": the startup probe allows " + budget + " s, the schema wait is " + waitS + " s (+"
            + START_MARGIN_S + " s to start)");
      }
    }
    return wrong;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  static boolean emptyDir(Volume volume) {
    return volume.getEmptyDir() != null;
  }
}
