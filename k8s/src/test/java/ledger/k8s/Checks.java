package ledger.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every check of a rendered overlay, by name. */
final class Checks {

  static final Map<String, Function<Rendered, List<String>>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("commandLines", RoleChecks::commandLines);
    ALL.put("roles", RoleChecks::roles);
    ALL.put("portsAndProbes", RoleChecks::portsAndProbes);
    ALL.put("hardening", PodChecks::hardening);
    ALL.put("timing", PodChecks::timing);
    ALL.put("references", WiringChecks::references);
    ALL.put("services", WiringChecks::services);
    ALL.put("scaling", WiringChecks::scaling);
    ALL.put("networkPolicies", WiringChecks::networkPolicies);
    ALL.put("backendsReachable", WiringChecks::backendsReachable);
    ALL.put("tlsAndJwt", WiringChecks::tlsAndJwt);
    ALL.put("metrics", WiringChecks::metrics);
  }

  private Checks() {
  }
}
