package ledger.readmodel;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;
import ledger.store.RecordedEvent;
import ledger.store.pg.PgEventStore;

/**
 * Rebuilds one account's view from its whole stream, beside a running projection: the view is
 * replaced only if the projection has not moved the account past the stream read (rebuild.lua),
 * else the stream is read again. Clears a degraded mark once the release reads every event.
 */
public final class AccountRebuild {

  /** Each attempt loses only to a write of the same account in the moment between read and replace. */
  private static final int ATTEMPTS = 20;

  public record Rebuilt(AccountId account, long version, int events) {
  }

  private final Redis redis;
  private final PgEventStore store;
  private final ViewKeys keys;
  private final String script;

  public AccountRebuild(Redis redis, PgEventStore store, ViewKeys keys, ViewScripts scripts) {
    this.redis = redis;
    this.store = store;
    this.keys = keys;
    this.script = scripts.rebuild();
  }

  public Future<Rebuilt> rebuild(AccountId id) {
    return attempt(id, 1);
  }

  private Future<Rebuilt> attempt(AccountId id, int attempt) {
    return stream(id).compose(events -> {
      long version = events.get(events.size() - 1).version();
      Request replace = Request.cmd(Command.EVAL).arg(script).arg(1).arg(keys.account(id)).arg(version);
      ViewChanges.merged(events).forEach((field, value) -> replace.arg(field).arg(value));
      return redis.send(replace).compose(written -> {
        if (written.toInteger() == 1) {
          return redis.send(Request.cmd(Command.SREM).arg(keys.degraded()).arg(id.value()))
              .map(removed -> new Rebuilt(id, version, events.size()));
        }
        if (attempt >= ATTEMPTS) {
          return Future.failedFuture(new LedgerException(Reason.CONCURRENCY_CONFLICT, "account " + id
              + " kept changing while its view was rebuilt (" + ATTEMPTS + " attempts); try again"));
        }
        return attempt(id, attempt + 1);
      });
    });
  }

  private Future<List<RecordedEvent>> stream(AccountId id) {
    // an event this release cannot read fails it with EVENT_UNREADABLE: deploy the release that reads it first
    return store.readStream(id, 1, Integer.MAX_VALUE)
        .compose(events -> events.isEmpty()
            ? Future.failedFuture(new LedgerException(Rejection.accountNotFound(id)))
            : Future.succeededFuture(events));
  }
}
