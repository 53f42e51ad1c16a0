package ledger.projection;

import static ledger.testkit.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.testkit.TestInfra;

/** A ProjectionVerticle deployed on a Vert.x of its own, as another process would run it. */
final class RunningProjection {

  final Vertx vertx;
  final ProjectionVerticle verticle;
  final RecordingObserver observer;
  /** The application_name of every PostgreSQL connection this projection opens. */
  final String applicationName;
  private final String deploymentId;
  private boolean stopped;

  private RunningProjection(Vertx vertx, ProjectionVerticle verticle, RecordingObserver observer,
                            String applicationName, String deploymentId) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.observer = observer;
    this.applicationName = applicationName;
    this.deploymentId = deploymentId;
  }

  static RunningProjection deploy(PgConnectOptions database, String applicationName, ProjectionConfig config) {
    Vertx vertx = Vertx.vertx();
    RecordingObserver observer = new RecordingObserver();
    ProjectionVerticle verticle = new ProjectionVerticle(database, TestInfra.redisOptions(), config, observer);
    String id = await(vertx.deployVerticle(verticle));
    return new RunningProjection(vertx, verticle, observer, applicationName, id);
  }

  boolean isActive() {
    return verticle.isActive();
  }

  /** Undeploys the verticle (releasing its lock and connections) and closes its Vert.x. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      await(vertx.undeploy(deploymentId));
    } finally {
      await(vertx.close());
    }
  }
}
