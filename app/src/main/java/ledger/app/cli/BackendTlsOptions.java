package ledger.app.cli;

import java.nio.file.Path;

import ledger.app.server.RedisTls;
import picocli.CommandLine.Option;

/**
 * {@code ledger serve}'s flags for TLS to Redis (a picocli mixin). TLS to PostgreSQL is set in
 * its URL, as libpq reads it ({@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}).
 */
public final class BackendTlsOptions {

  @Option(names = "--redis-tls-ca", defaultValue = "${env:LEDGER_REDIS_TLS_CA}",
      description = "PEM file of the CA(s) a rediss:// server's certificate must chain to; without it, the JVM's "
          + "trust store. The URL's host must match the certificate (env LEDGER_REDIS_TLS_CA).")
  Path ca;

  @Option(names = "--redis-tls-cert", defaultValue = "${env:LEDGER_REDIS_TLS_CERT}",
      description = "PEM client certificate for a rediss:// server that asks for one, with --redis-tls-key "
          + "(env LEDGER_REDIS_TLS_CERT).")
  Path cert;

  @Option(names = "--redis-tls-key", defaultValue = "${env:LEDGER_REDIS_TLS_KEY}",
      description = "PEM private key (PKCS#8, RSA PKCS#1 or EC SEC1; unencrypted) of --redis-tls-cert (env LEDGER_REDIS_TLS_KEY).")
  Path key;

  RedisTls redisTls() {
    return new RedisTls(ca, cert, key);
  }
}
