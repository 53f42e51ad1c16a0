package ledger.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder laid out as Kubernetes mounts a Secret, so a test rotates certificates the way
 * cert-manager and the kubelet do: {@code tls.crt -> ..data/tls.crt}, {@code ..data -> ..<version>},
 * and a new version published by swapping the {@code ..data} link in one rename.
 */
public final class SecretVolume {

  private static final String DATA = "..data";

  private final Path dir;
  private int version;

  private SecretVolume(Path dir) {
    this.dir = dir;
  }

  /** A volume in {@code dir} (created) holding this certificate and key. */
  public static SecretVolume of(Path dir, Issued first) {
    SecretVolume volume = new SecretVolume(dir);
    try {
      Files.createDirectories(dir);
      volume.publish(first);
      Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of(DATA, "tls.crt"));
      Files.createSymbolicLink(dir.resolve("tls.key"), Path.of(DATA, "tls.key"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return volume;
  }

  public Path certificateFile() {
    return dir.resolve("tls.crt");
  }

  public Path keyFile() {
    return dir.resolve("tls.key");
  }

  /** Publishes a new certificate and key at once, as the kubelet does: both files change in one rename. */
  public void publish(Issued next) {
    try {
      Path versionDir = Files.createDirectory(dir.resolve("..v" + (++version)));
      Files.copy(next.certificateFile(), versionDir.resolve("tls.crt"));
      Files.copy(next.keyFile(), versionDir.resolve("tls.key"));
      Path link = dir.resolve("..data_tmp");
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, versionDir.getFileName());
      Files.move(link, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overwrites only the certificate, in place: a rotation caught halfway (a copy by hand, a non-atomic volume). */
  public void overwriteCertificateOnly(Issued next) {
    overwrite(next.certificateFile(), "tls.crt");
  }

  /** Overwrites only the key, in place: the second half of such a rotation. */
  public void overwriteKeyOnly(Issued next) {
    overwrite(next.keyFile(), "tls.key");
  }

  private void overwrite(Path source, String name) {
    try {
      Path target = dir.resolve(DATA).resolve(name);
      Path temporary = target.resolveSibling(name + ".tmp");
      Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
