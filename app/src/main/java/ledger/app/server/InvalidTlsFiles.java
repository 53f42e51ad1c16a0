package ledger.app.server;

/** Certificate, key or client CA files that cannot serve TLS; the message names the flag and the file. */
public final class InvalidTlsFiles extends IllegalArgumentException {

  InvalidTlsFiles(String message) {
    super(message);
  }
}
