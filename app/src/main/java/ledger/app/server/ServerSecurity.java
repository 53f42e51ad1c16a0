package ledger.app.server;

/**
 * How a server process protects itself (docs/security.md): its transport, who may call it
 * and for what, and the limits that keep one caller from exhausting it.
 *
 * @param tls        certificate and key of the gRPC and HTTP ports, and the client CA of mutual TLS
 * @param auth       bearer-token authentication and the scopes and accounts it grants
 * @param limits     message size, streams, command rate, append queue
 * @param reflection whether the gRPC reflection service is offered
 * @param redisTls   the CA and client certificate of rediss:// connections (PostgreSQL's are in its URL)
 */
public record ServerSecurity(TlsSettings tls, AuthSettings auth, LimitSettings limits, boolean reflection,
    RedisTls redisTls) {

  /** Plaintext, no authentication, the default limits, reflection on: {@code ./ledger serve} on loopback. */
  public static ServerSecurity defaults() {
    return new ServerSecurity(TlsSettings.plaintext(), AuthSettings.off(), LimitSettings.defaults(), true,
        RedisTls.jvmTrustStore());
  }

  public ServerSecurity withTls(TlsSettings value) {
    return new ServerSecurity(value, auth, limits, reflection, redisTls);
  }

  public ServerSecurity withAuth(AuthSettings value) {
    return new ServerSecurity(tls, value, limits, reflection, redisTls);
  }

  public ServerSecurity withLimits(LimitSettings value) {
    return new ServerSecurity(tls, auth, value, reflection, redisTls);
  }

  public ServerSecurity withReflection(boolean value) {
    return new ServerSecurity(tls, auth, limits, value, redisTls);
  }

  public ServerSecurity withRedisTls(RedisTls value) {
    return new ServerSecurity(tls, auth, limits, reflection, value);
  }
}
