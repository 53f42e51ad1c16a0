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
import ledger.v1.CommandServiceGrpcService;
import ledger.v1.QueryServiceGrpcService;

/**
 * One endpoint of the ceiling server, set up like the ledger's GrpcEndpointVerticle (same
 * server and HTTP options, reflection v1 and v1alpha) with its calls bound raw through
 * {@link Rpc}, as the ledger's roles bind them, so a call costs the same plumbing minus the
 * work: GetBalance answers a constant; StreamBalance, OpenAccount and Deposit work on the
 * in-memory {@link CeilingStreams} the endpoints share (a Deposit is pushed to the account's
 * open streams). Every other call is UNIMPLEMENTED.
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
  private final CeilingStreams streams;
  private HttpServer server;

  public CeilingEndpoint(String host, int port) {
    this(host, port, null);
  }

  /** @param tls the server's certificate and key, for TLS with ALPN h2; null for plaintext */
  public CeilingEndpoint(String host, int port, PemKeyCertOptions tls) {
    this(host, port, tls, new CeilingStreams());
  }

  /** @param streams the accounts and open streams, shared by every endpoint of one server */
  CeilingEndpoint(String host, int port, PemKeyCertOptions tls, CeilingStreams streams) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.streams = streams;
  }

  @Override
  public Future<?> start() {
    // the service's own endpoint settings, so that the ceiling differs from it only in the work per call
    GrpcServer grpc = GrpcServer.server(vertx, GrpcEndpointOptions.grpc());
    Rpc rpc = new Rpc(ErrorTranslator.NONE, RpcObserver.NONE);
    grpc.addService(service(rpc, streams));
    grpc.addService(commands(rpc, streams));
    grpc.addService(ReflectionService.v1());
    grpc.addService(ReflectionService.v1alpha());
    HttpServerOptions options = GrpcEndpointOptions.http(host, port);
    if (tls != null) {
      options.setSsl(true).setUseAlpn(true).setKeyCertOptions(tls.copy());
    }
    server = vertx.createHttpServer(options).requestHandler(grpc);
    return server.listen();
  }

  static Service service(Rpc rpc, CeilingStreams streams) {
    return Service.service(QueryServiceGrpcService.SERVICE_NAME, QueryServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(QueryServiceGrpcService.GetBalance,
            rpc.unary(QueryServiceGrpcService.GetBalance, (request, context) -> Future.succeededFuture(BALANCE)))
        .bind(QueryServiceGrpcService.StreamBalance, rpc.serverStream(QueryServiceGrpcService.StreamBalance,
            (request, context, sink) -> streams.stream(request.getAccountId(), sink)))
        .build();
  }

  static Service commands(Rpc rpc, CeilingStreams streams) {
    return Service.service(CommandServiceGrpcService.SERVICE_NAME, CommandServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(CommandServiceGrpcService.OpenAccount, rpc.unary(CommandServiceGrpcService.OpenAccount,
            (request, context) -> streams.open(request.getAccountId())))
        .bind(CommandServiceGrpcService.Deposit, rpc.unary(CommandServiceGrpcService.Deposit,
            (request, context) -> streams.deposit(request.getAccountId(), request.getAmountMinor())))
        .build();
  }
}
