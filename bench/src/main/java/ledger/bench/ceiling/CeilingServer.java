package ledger.bench.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The gRPC ceiling: a server on the ledger's own stack (Vert.x GrpcServer over HttpServer,
 * one endpoint per event loop, reflection, the raw {@link ledger.grpc.Rpc} binding) whose
 * {@code QueryService/GetBalance} answers a constant Balance without touching anything. The
 * rate the load runner reaches against it is the most GetBalance can do on this machine
 * with this client. For the stream ceiling it also serves {@code StreamBalance},
 * {@code OpenAccount} and {@code Deposit} in memory ({@link CeilingStreams}): a Deposit is
 * pushed at once to the streams open on its account, so {@code ./ledger bench stream-lag}
 * measures against it what delivery costs without the ledger. Every other method is
 * UNIMPLEMENTED.
 *
 * <pre>java -cp bench/target/ledger-bench.jar ledger.bench.ceiling.CeilingServer --port 9191</pre>
 */
public final class CeilingServer implements AutoCloseable {

  private final Vertx vertx;
  private final int port;
  private final CeilingStreams streams;

  private CeilingServer(Vertx vertx, int port, CeilingStreams streams) {
    this.vertx = vertx;
    this.port = port;
    this.streams = streams;
  }

  /** Starts one endpoint per event loop on {@code host:port} (0 for a free port). Blocking. */
  public static CeilingServer start(String host, int port, int eventLoops) {
    return start(host, port, eventLoops, null);
  }

  /** The same over TLS with this certificate and key ({@code tls} null: plaintext). */
  public static CeilingServer start(String host, int port, int eventLoops, PemKeyCertOptions tls) {
    int chosen = port != 0 ? port : freePort();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    CeilingStreams streams = new CeilingStreams();
    try {
      // every instance listens on the same port: Vert.x spreads the connections over them
      vertx.deployVerticle(() -> new CeilingEndpoint(host, chosen, tls, streams),
              new DeploymentOptions().setInstances(eventLoops))
          .await();
      return new CeilingServer(vertx, chosen, streams);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  public int port() {
    return port;
  }

  /** StreamBalance calls open now (cancelled ones are gone once the cancel has reached the server). */
  public int openStreams() {
    return streams.openStreams();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  public static void main(String[] args) throws InterruptedException {
    int port = 9191;
    String host = "127.0.0.1";
    int loops = Runtime.getRuntime().availableProcessors();
    String cert = null;
    String key = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--host" -> host = args[++i];
        case "--event-loops" -> loops = Integer.parseInt(args[++i]);
        case "--tls-cert" -> cert = args[++i];
        case "--tls-key" -> key = args[++i];
        case "--help", "-h" -> {
          System.out.println("Usage: CeilingServer [--port 9191] [--host 127.0.0.1] [--event-loops N (one per core)]"
              + " [--tls-cert server.pem --tls-key server-key.pem]");
          return;
        }
        default -> {
          System.err.println("CeilingServer: unknown argument " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    if ((cert == null) != (key == null)) {
      System.err.println("CeilingServer: TLS needs both --tls-cert and --tls-key");
      System.exit(2);
    }
    CeilingServer server = start(host, port, loops, cert == null ? null
        : new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "ceiling-shutdown"));
    System.out.printf("Ceiling server ready: gRPC%s on %s:%d, %d event loops%n", cert == null ? "" : " over TLS", host,
        server.port(), loops);
    stopped.await();
  }
}
