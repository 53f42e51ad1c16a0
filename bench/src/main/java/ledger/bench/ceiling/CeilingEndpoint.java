package ledger.bench.ceiling;

import com.google.protobuf.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.Service;
import ledger.app.server.GrpcEndpointOptions;
import ledger.grpc.ErrorTranslator;
import ledger.grpc.ReflectionService;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;
import ledger.v1.QueryServiceGrpcService;

/**
 * One endpoint of the ceiling server, set up like the ledger's GrpcEndpointVerticle (same
 * server and HTTP options, reflection v1 and v1alpha) with GetBalance bound raw through
 * {@link Rpc}, as the query role binds it, so a call costs the same plumbing minus the work.
 */
public final class CeilingEndpoint extends VerticleBase {

  /** What every GetBalance answers: the size and shape of a real view's answer. */
  public static final Balance BALANCE = Balance.newBuilder()
      .setAccountId("acc-1234")
      .setBalanceMinor(1_234_567)
      .setCurrency("USD")
      .setStatus(AccountStatus.OPEN)
      .setVersion(42)
      .setGlobalPosition(123_456)
      .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_795_000_000L).setNanos(123_456_000))
      .build();

  private final String host;
  private final int port;
  private final PemKeyCertOptions tls;
  private HttpServer server;

  public CeilingEndpoint(String host, int port) {
    this(host, port, null);
  }

  /** @param tls the server's certificate and key, for TLS with ALPN h2; null for plaintext */
  public CeilingEndpoint(String host, int port, PemKeyCertOptions tls) {
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    // the service's own endpoint settings, so that the ceiling differs from it only in the work per call
    GrpcServer grpc = GrpcServer.server(vertx, GrpcEndpointOptions.grpc());
    grpc.addService(service(new Rpc(ErrorTranslator.NONE, RpcObserver.NONE)));
    grpc.addService(ReflectionService.v1());
    grpc.addService(ReflectionService.v1alpha());
    HttpServerOptions options = GrpcEndpointOptions.http(host, port);
    if (tls != null) {
      options.setSsl(true).setUseAlpn(true).setKeyCertOptions(tls.copy());
    }
    server = vertx.createHttpServer(options).requestHandler(grpc);
    return server.listen();
  }

  static Service service(Rpc rpc) {
    return Service.service(QueryServiceGrpcService.SERVICE_NAME, QueryServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(QueryServiceGrpcService.GetBalance,
            rpc.unary(QueryServiceGrpcService.GetBalance, (request, context) -> Future.succeededFuture(BALANCE)))
        .build();
  }
}
