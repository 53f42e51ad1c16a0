package ledger.projection.admin;

import io.vertx.grpc.server.Service;
import io.vertx.redis.client.Redis;
import ledger.grpc.Rpc;
import ledger.readmodel.AccountRebuild;
import ledger.readmodel.ViewKeys;
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

  public AdminApi(Redis redis, ViewKeys keys, PgEventStore events, EventTail tail, TailHealth health,
                  ViewScripts scripts) {
    this.verify = new VerifyProjectionCall(redis, keys, events);
    this.status = new ProjectionStatusCall(redis, keys, tail, health);
    this.rebuild = new RebuildProjectionCall(new AccountRebuild(redis, events, keys, scripts));
  }

  public Service service(Rpc rpc) {
    return Service.service(AdminServiceGrpcService.SERVICE_NAME, AdminServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(AdminServiceGrpcService.VerifyProjection, rpc.serverStream("VerifyProjection", verify::start))
        .bind(AdminServiceGrpcService.GetProjectionStatus, rpc.unary("GetProjectionStatus", status::call))
        .bind(AdminServiceGrpcService.RebuildProjection, rpc.serverStream("RebuildProjection", rebuild::start))
        .build();
  }
}
