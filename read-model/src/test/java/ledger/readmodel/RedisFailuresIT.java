package ledger.readmodel;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The failures Redis's client really reports when Redis does not answer are taken for that. */
class RedisFailuresIT {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() {
    await(VERTX.close());
  }

  /** Regression: the client fails a command on a connection Redis closed with a bare message; it was INTERNAL. */
  @Test
  void a_command_on_a_connection_that_has_closed_is_unavailable() {
    Redis redis = Redis.createClient(VERTX, TestInfra.redisOptions());
    RedisConnection connection = await(redis.connect());
    Promise<Void> ended = Promise.promise();
    connection.endHandler(end -> ended.tryComplete());
    long id = await(connection.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
    await(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)));
    await(ended.future());

    Throwable failure = await(connection.send(Request.cmd(Command.PING)).map(reply -> (Throwable) null)
        .otherwise(cause -> cause));

    assertThat(failure).as("the command's failure").isNotNull();
    assertThat(RedisFailures.isUnavailable(failure)).as("%s is unavailable", failure).isTrue();
    redis.close();
  }
}
