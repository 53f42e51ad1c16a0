package ledger.app.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of the gRPC and HTTP ports: plaintext, or TLS from PEM files that a
 * {@link TlsReloader} reads again on a timer. A server takes its options from {@link #secure}
 * and, once listening, is {@link #attach attached} so that every later certificate reaches it.
 */
final class Transport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

  /** The gRPC port asks for client certificates under mutual TLS; the HTTP port never does. */
  enum Port { GRPC, HTTP }

  /** A server's options, and the material they carry, to compare with the current one once it listens. */
  record Binding(Port port, TlsMaterial material, HttpServerOptions options) {
  }

  private record Attached(HttpServer server, Port port) {
  }

  private final List<Attached> servers = new ArrayList<>();
  private final TlsReloader reloader;
  private TlsMaterial current;

  private Transport(TlsMaterial material, TlsReloader reloader) {
    this.current = material;
    this.reloader = reloader;
  }

  /** Plaintext; a warning when {@code host} is reachable from other machines. */
  static Transport plaintext(String host) {
    if (!loopback(host)) {
      LOG.warn("gRPC and HTTP ports serve PLAINTEXT on {}: anyone on the network can read and alter calls; "
          + "pass --tls-cert and --tls-key, or listen on 127.0.0.1 (--host)", host);
    }
    return new Transport(null, null);
  }

  /** TLS from checked material, read again every {@link TlsSettings#reloadEvery()}. */
  static Transport tls(Vertx vertx, TlsMaterial material, MeterRegistry registry) {
    LOG.info("gRPC and HTTP ports serve TLS{}: {}", material.settings().mutual()
        ? " (the gRPC port requires a client certificate from " + material.settings().clientCa() + ")" : "",
        material.describe());
    TlsReloader reloader = new TlsReloader(vertx, material, registry);
    Transport transport = new Transport(material, reloader);
    reloader.start(transport::apply);
    return transport;
  }

  /** The options with this transport's TLS settings, if any; {@code options} is changed and returned. */
  synchronized Binding secure(HttpServerOptions options, Port port) {
    if (current != null) {
      ServerSSLOptions ssl = sslOptions(current, port);
      options.setSsl(true).setUseAlpn(true).setKeyCertOptions(ssl.getKeyCertOptions())
          .setTrustOptions(ssl.getTrustOptions()).setClientAuth(ssl.getClientAuth());
    }
    return new Binding(port, current, options);
  }

  /**
   * Called once the server listens (Vert.x refuses an update before): later reloads reach it, and
   * one that came between {@link #secure} and now is applied at once.
   */
  synchronized void attach(HttpServer server, Binding binding) {
    if (current == null) {
      return;
    }
    servers.add(new Attached(server, binding.port()));
    if (binding.material() != current) {
      update(new Attached(server, binding.port()), current);
    }
  }

  synchronized void detach(HttpServer server) {
    servers.removeIf(attached -> attached.server() == server);
  }

  /**
   * New connections get the new certificate; open ones keep their session. Every server
   * instance is updated, though Vert.x 5.0.7 hands an update of any instance sharing a port to
   * the one that bound it: that is its implementation, not its contract.
   */
  private synchronized void apply(TlsMaterial material) {
    current = material;
    servers.forEach(attached -> update(attached, material));
  }

  private static void update(Attached attached, TlsMaterial material) {
    // force: Vert.x caches TLS contexts by their options, and unchanged options would be served from that cache
    attached.server().updateSSLOptions(sslOptions(material, attached.port()), true).onFailure(failure ->
        LOG.error("TLS certificate ({}) could not be applied to the {} port; it keeps the previous one",
            material.describe(), attached.port(), failure));
  }

  private static ServerSSLOptions sslOptions(TlsMaterial material, Port port) {
    return port == Port.GRPC ? material.grpcOptions() : material.httpOptions();
  }

  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (reloader != null) {
      reloader.close();
    }
  }
}
