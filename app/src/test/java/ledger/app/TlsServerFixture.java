package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.app.server.TlsSettings;
import ledger.testkit.ClassFixture;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.KeyType;
import ledger.testkit.tls.SecretVolume;
import ledger.testkit.tls.TestCertificates;
import ledger.testkit.tls.TlsClients;

/**
 * A whole ledger process serving TLS on both ports, its certificate and key mounted the way
 * Kubernetes mounts a Secret ({@link #volume}) so a test can rotate them; with a client CA, the
 * gRPC port requires mutual TLS. Certificates are made for the class in a folder of its own.
 */
public final class TlsServerFixture extends ClassFixture {

  private final KeyType keyType;
  private final boolean mutual;
  private final Duration reloadEvery;
  TestCertificates certificates;
  /** Issued the server's certificate; clients trust it. */
  public Authority ca;
  /** Issues the client certificates the gRPC port accepts (mutual TLS only). */
  public Authority clientCa;
  Issued serverCertificate;
  SecretVolume volume;
  public int grpcPort;
  int httpPort;
  LedgerServer server;
  Vertx clientVertx;

  private TlsServerFixture(KeyType keyType, boolean mutual, Duration reloadEvery) {
    this.keyType = keyType;
    this.mutual = mutual;
    this.reloadEvery = reloadEvery;
  }

  public static TlsServerFixture tls(KeyType keyType) {
    return new TlsServerFixture(keyType, false, TlsSettings.DEFAULT_RELOAD);
  }

  public static TlsServerFixture mutualTls(KeyType keyType) {
    return new TlsServerFixture(keyType, true, TlsSettings.DEFAULT_RELOAD);
  }

  /** Mutual TLS whose files are read again every {@code reloadEvery}. */
  static TlsServerFixture mutualReloading(Duration reloadEvery) {
    return new TlsServerFixture(KeyType.EC, true, reloadEvery);
  }

  /** TLS whose files are read again every {@code reloadEvery}. */
  static TlsServerFixture reloading(Duration reloadEvery) {
    return new TlsServerFixture(KeyType.EC, false, reloadEvery);
  }

  @Override
  protected void open(String testClass) throws IOException {
    Path dir = Files.createTempDirectory("ledger-tls-");
    track(() -> deleteTree(dir));
    certificates = TestCertificates.in(dir.resolve("issued"));
    ca = certificates.authority("servers", keyType);
    serverCertificate = ca.server("server-1", keyType);
    volume = SecretVolume.of(dir.resolve("secret"), serverCertificate);
    TlsSettings tls = TlsSettings.of(volume.certificateFile(), volume.keyFile()).withReloadEvery(reloadEvery);
    if (mutual) {
      clientCa = certificates.authority("clients");
      tls = tls.withClientCa(clientCa.certificateFile());
    }
    grpcPort = TestInfra.freePort();
    httpPort = TestInfra.freePort();
    var database = TestInfra.freshDatabase(testClass);
    ServerConfig config = ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, httpPort)
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), TestInfra.redisUrl(),
            TestInfra.freshPrefix(testClass))
        .withSizing(2, 4, 4)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
    server = track(LedgerServer.start(config.withSecurity(config.security().withTls(tls))));
    clientVertx = newVertx();
  }

  /** A grpc-java channel over TLS trusting {@link #ca}, presenting {@code clientCertificate} unless null. */
  ManagedChannel grpcJava(Issued clientCertificate) {
    ManagedChannel channel = TlsClients.grpcJava(grpcPort, ca.certificateFile(), clientCertificate);
    track(() -> GrpcJava.close(channel));
    return channel;
  }

  /** The Vert.x client of the CLI over TLS trusting {@link #ca}, presenting {@code clientCertificate} unless null. */
  GrpcCalls vertxClient(Issued clientCertificate) {
    return track(new GrpcCalls(clientVertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
        Duration.ofSeconds(10), TlsClients.vertx(ca.certificateFile(), clientCertificate)));
  }

  /** A GET of the HTTP port over TLS, trusting {@link #ca}, as a probe or scraper sends it. */
  HttpResponse<String> https(String path) {
    return get(TlsClients.https(ca.certificateFile()), URI.create("https://127.0.0.1:" + httpPort + path));
  }

  static HttpResponse<String> get(HttpClient client, URI uri) {
    try {
      return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
