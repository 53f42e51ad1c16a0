package ledger.projection.admin;

import java.util.List;
import java.util.function.IntFunction;

import io.vertx.grpc.server.Service;
import io.vertx.redis.client.Redis;
import ledger.grpc.Rpc;
import ledger.readmodel.AccountRebuild;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewScripts;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.TailHealth;
import ledger.v1.AdminServiceGrpcService;

/** ledger.v1.AdminService: operating the read model, served by the processes that run the projection. */
public final class AdminApi {

  private final VerifyProjectionCall verify;
  private final ProjectionStatusCall status;
  private final RebuildProjectionCall rebuild;

  /** {@code full} gives each partition's full rebuilds. */
  public AdminApi(Redis redis, Partitioning partitioning, PgEventStore events, EventTail tail, TailHealth health,
                  ViewScripts scripts, IntFunction<FullRebuilds> full) {
    this.verify = new VerifyProjectionCall(redis, partitioning, events);
    this.status = new ProjectionStatusCall(redis, partitioning, tail, health);
    List<AccountRebuild> accounts = partitioning.partitions()
        .mapToObj(p -> new AccountRebuild(redis, events, partitioning.keys(p), scripts)).toList();
    this.rebuild = new RebuildProjectionCall(redis, scripts, partitioning, accounts::get, full, tail, health);
  }

  public Service service(Rpc rpc) {
    return Service.service(AdminServiceGrpcService.SERVICE_NAME, AdminServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(AdminServiceGrpcService.VerifyProjection,
            rpc.serverStream(AdminServiceGrpcService.VerifyProjection, verify::start))
        .bind(AdminServiceGrpcService.GetProjectionStatus,
            rpc.unary(AdminServiceGrpcService.GetProjectionStatus, status::call))
        .bind(AdminServiceGrpcService.RebuildProjection,
            rpc.serverStream(AdminServiceGrpcService.RebuildProjection, rebuild::start))
        .build();
  }
}
