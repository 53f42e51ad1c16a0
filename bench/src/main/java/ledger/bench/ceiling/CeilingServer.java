package ledger.bench.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The gRPC ceiling: a server on the ledger's own stack (Vert.x GrpcServer over HttpServer,
 * one endpoint per event loop, reflection, the raw {@link ledger.grpc.Rpc} binding) whose
 * {@code QueryService/GetBalance} answers a constant Balance without touching anything. The
 * rate the load runner reaches against it is the most GetBalance can do on this machine
 * with this client; every other QueryService method is UNIMPLEMENTED.
 *
 * <pre>java -cp bench/target/ledger-bench.jar ledger.bench.ceiling.CeilingServer --port 9191</pre>
 */
public final class CeilingServer implements AutoCloseable {

  private final Vertx vertx;
  private final int port;

  private CeilingServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /** Starts one endpoint per event loop on {@code host:port} (0 for a free port). Blocking. */
  public static CeilingServer start(String host, int port, int eventLoops) {
    int chosen = port != 0 ? port : freePort();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    try {
      // every instance listens on the same port: Vert.x spreads the connections over them
      vertx.deployVerticle(() -> new CeilingEndpoint(host, chosen), new DeploymentOptions().setInstances(eventLoops))
          .await();
      return new CeilingServer(vertx, chosen);
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

  @Override
  public void close() {
    vertx.close().await();
  }

  public static void main(String[] args) throws InterruptedException {
    int port = 9191;
    String host = "127.0.0.1";
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--host" -> host = args[++i];
        case "--event-loops" -> loops = Integer.parseInt(args[++i]);
        case "--help", "-h" -> {
          System.out.println("Usage: CeilingServer [--port 9191] [--host 127.0.0.1] [--event-loops N (one per core)]");
          return;
        }
        default -> {
          System.err.println("CeilingServer: unknown argument " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    CeilingServer server = start(host, port, loops);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "ceiling-shutdown"));
    System.out.printf("Ceiling server ready: gRPC on %s:%d, %d event loops%n", host, server.port(), loops);
    stopped.await();
  }
}
