package ledger.app.server;

/** TLS of the gRPC and HTTP ports. */
public record TlsSettings() {

  public static TlsSettings plaintext() {
    return new TlsSettings();
  }
}
