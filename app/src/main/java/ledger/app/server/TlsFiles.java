package ledger.app.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of the TLS files, read once: what the process checks is exactly what it applies
 * (Vert.x is given these bytes, never the paths, so it cannot read a newer file than the one checked).
 */
record TlsFiles(byte[] certificate, byte[] key, byte[] clientCa) {

  /** Blocking: call before Vert.x starts or on a worker thread. */
  static TlsFiles read(TlsSettings settings) {
    return new TlsFiles(read(settings.certificate(), "--tls-cert"), read(settings.key(), "--tls-key"),
        settings.clientCa() == null ? null : read(settings.clientCa(), "--tls-client-ca"));
  }

  private static byte[] read(Path file, String flag) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidTlsFiles(flag + " " + file + " cannot be read: " + e);
    }
  }

  boolean sameAs(TlsFiles other) {
    return other != null && Arrays.equals(certificate, other.certificate) && Arrays.equals(key, other.key)
        && Arrays.equals(clientCa, other.clientCa);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlsFiles files && sameAs(files);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(certificate) * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "TlsFiles[" + certificate.length + " + " + key.length + " bytes]";
  }
}
