package ledger.bench.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ledger.load.config.Transport;

/**
 * The four ways the same service build is run and called: with or without TLS on the gRPC port,
 * with or without JWT verification. The server flags are those of {@code ./ledger serve}
 * (issue 9); the client side is what a ghz config says ({@code insecure}, {@code cacert},
 * {@code metadata}).
 */
enum Setup {

  PLAINTEXT("plaintext, no auth", "plain", "", false, false, "as `./ledger serve` runs by default"),
  TLS("TLS, no auth", "tls", "TLS", true, false, "`--tls-cert`, `--tls-key`: an EC P-256 certificate for 127.0.0.1 "
      + "signed by a CA the bench makes; the load runner trusts that CA (`\"insecure\": false`, `\"cacert\"`) and "
      + "negotiates HTTP/2 with ALPN"),
  JWT("plaintext, JWT", "jwt", "JWT", false, true, "`--jwt-public-key`, `--jwt-issuer`, `--jwt-audience`: an RS256 "
      + "key pair the bench makes; every call carries `authorization: Bearer <token>`, the same token (all three "
      + "scopes) on every call, as a service reuses its token until it expires"),
  TLS_JWT("TLS and JWT", "tls-jwt", "both", true, true, "both");

  final String title;
  final String slug;
  /** How the summary names its cost. */
  final String costName;
  /** What the set-up is, for the report (Markdown). */
  final String description;
  final boolean tls;
  final boolean jwt;

  Setup(String title, String slug, String costName, boolean tls, boolean jwt, String description) {
    this.description = description;
    this.title = title;
    this.slug = slug;
    this.costName = costName;
    this.tls = tls;
    this.jwt = jwt;
  }

  /** Set-ups by their slugs (plain, tls, jwt, tls-jwt), in the order given, each once. */
  static List<Setup> parse(List<String> slugs) {
    List<Setup> setups = new ArrayList<>();
    for (String slug : slugs) {
      Setup setup = java.util.Arrays.stream(values()).filter(s -> s.slug.equals(slug.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no set-up \"" + slug + "\"; there are plain, tls, jwt, "
              + "tls-jwt"));
      if (!setups.contains(setup)) {
        setups.add(setup);
      }
    }
    if (setups.isEmpty()) {
      throw new IllegalArgumentException("no set-up to run");
    }
    return setups;
  }

  /** The {@code ./ledger serve} flags of this set-up. */
  List<String> serveFlags(BenchCredentials c) {
    List<String> flags = new ArrayList<>();
    if (tls) {
      flags.addAll(List.of("--tls-cert", c.serverCertificate().toString(), "--tls-key", c.serverKey().toString()));
    }
    if (jwt) {
      flags.addAll(List.of("--jwt-public-key", c.jwtPublicKey().toString(), "--jwt-issuer", BenchCredentials.ISSUER,
          "--jwt-audience", BenchCredentials.AUDIENCE));
    }
    return flags;
  }

  /** The ceiling server's flags: the same certificate as the service's where the set-up has TLS. */
  List<String> ceilingFlags(BenchCredentials c) {
    return tls ? List.of("--tls-cert", c.serverCertificate().toString(), "--tls-key", c.serverKey().toString())
        : List.of();
  }

  /** How the load runner connects: plaintext, or TLS trusting the run's CA. */
  Transport transport(BenchCredentials c) {
    return tls ? Transport.TLS.withCaCert(c.caCertificate().toString()) : Transport.PLAINTEXT;
  }

  /** The metadata of every call: the bearer token when the server verifies tokens. */
  Map<String, String> metadata(BenchCredentials c) {
    return jwt ? Map.of("authorization", "Bearer " + c.token()) : Map.of();
  }
}
