package ledger.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made in the test, written as PEM files under one folder: certificate authorities,
 * server certificates for 127.0.0.1 and localhost, client certificates for mutual TLS. Nothing is
 * checked in; every run has keys of its own.
 */
public final class TestCertificates {

  /** Serial numbers unique within the run, so a rotated certificate is told apart by its serial. */
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Writes into {@code dir}, creating it when missing. */
  public static TestCertificates in(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestCertificates(dir);
  }

  /** A self-signed CA with an EC P-256 key, valid from an hour ago for a day. */
  public Authority authority(String name) {
    return authority(name, KeyType.EC);
  }

  public Authority authority(String name, KeyType type) {
    KeyPair keys = type.generate();
    Instant now = Instant.now();
    var certificate = X509Builder.authority(name, keys, nextSerial(), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)));
    Path file = dir.resolve(name + "-ca.crt");
    Pem.writeCertificates(file, certificate);
    return new Authority(this, name, keys, certificate, file);
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  static long nextSerial() {
    return SERIALS.incrementAndGet();
  }
}
