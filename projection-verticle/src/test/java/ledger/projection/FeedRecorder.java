package ledger.projection;

import static ledger.testkit.Waits.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;

/** Every message published on the feed channel, heard on a dedicated subscribed connection. */
final class FeedRecorder implements AutoCloseable {

  private final RedisConnection connection;
  private final List<FeedMessage> messages = new CopyOnWriteArrayList<>();

  private FeedRecorder(RedisConnection connection) {
    this.connection = connection;
  }

  static FeedRecorder subscribe(Redis redis, String channel) {
    FeedRecorder recorder = new FeedRecorder(await(redis.connect()));
    recorder.connection.handler(recorder::onPush);
    await(recorder.connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)));
    return recorder;
  }

  private void onPush(Response push) {
    // RESP3: [message, channel, payload]; subscribe confirmations are pushes too
    if (push != null && push.size() == 3 && "message".equals(push.get(0).toString())) {
      messages.add(FeedMessage.decode(push.get(2).toString()));
    }
  }

  List<FeedMessage> messages() {
    return List.copyOf(messages);
  }

  /** The views of one account across all messages so far, in the order they were published. */
  List<AccountView> viewsOf(AccountId id) {
    return messages.stream().flatMap(m -> m.views().stream()).filter(v -> v.accountId().equals(id)).toList();
  }

  @Override
  public void close() {
    await(connection.close());
  }
}
