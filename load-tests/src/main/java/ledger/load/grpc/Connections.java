package ledger.load.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.VertxInternal;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import ledger.load.config.Transport;

/**
 * ghz's {@code connections}: N HTTP/2 connections to the target. Each is a GrpcClient of its
 * own (whose pool holds one HTTP/2 connection, Vert.x's default), driven from a context of
 * its own, so the connections also spread over the event loops. Calls that exceed the
 * server's concurrent-stream limit on one connection wait for a stream; they never open a
 * second connection.
 */
public final class Connections implements AutoCloseable {

  /** One connection: the client that owns it and the context every call on it is made from. */
  public record Connection(int index, GrpcClient client, Context context) {
  }

  private final List<Connection> connections;

  private Connections(List<Connection> connections) {
    this.connections = List.copyOf(connections);
  }

  /** Plaintext connections (h2c). */
  public static Connections open(Vertx vertx, int count, Duration connectTimeout) {
    return open(vertx, count, connectTimeout, ClientTls.of(Transport.PLAINTEXT));
  }

  /** Connections secured as {@code tls} says (plaintext, TLS, mutual TLS). */
  public static Connections open(Vertx vertx, int count, Duration connectTimeout, ClientTls tls) {
    // a fresh event-loop context per connection, each on the next event loop (getOrCreateContext would hand a
    // plain thread the same sticky event loop every time)
    List<Context> contexts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contexts.add(((VertxInternal) vertx).createEventLoopContext());
    }
    List<Connection> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpClientOptions http = tls.apply(new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2ClearTextUpgrade(false)
          .setTcpNoDelay(true)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
      GrpcClient client = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(4 * 1024 * 1024), http);
      list.add(new Connection(i, client, contexts.get(i)));
    }
    return new Connections(list);
  }

  public Connection get(int index) {
    return connections.get(index);
  }

  public int size() {
    return connections.size();
  }

  public List<Connection> all() {
    return connections;
  }

  @Override
  public void close() {
    List<Future<Void>> closing = connections.stream().map(c -> c.client().close()).toList();
    try {
      Future.join(closing).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing at the end of a run: nothing left to report to
    }
  }
}
