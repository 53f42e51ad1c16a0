package ledger.readmodel;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * Each attempt reads only what the account gained since the last, so it loses only to a write
   * of the account landing in the moment between its read and its replace.
   */
  private static final int ATTEMPTS = 50;
  /** Events folded per read: the stream is never held whole. */
  private static final int PAGE = 1_000;

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
    return attempt(id, 1, new Folded());
  }

  /** The view's fields as of {@code version}, folded from the first {@code events} events. */
  private static final class Folded {
    final Map<String, String> fields = new LinkedHashMap<>();
    long version;
    int events;
  }

  private Future<Rebuilt> attempt(AccountId id, int attempt, Folded folded) {
    // an event this release cannot read fails it with EVENT_UNREADABLE: deploy the release that reads it first;
    // the live generation at each attempt: a full rebuild may switch it meanwhile
    return foldFrom(id, folded).compose(done -> ViewReads.live(redis, this.keys)).compose(keys -> {
      if (folded.version == 0) {
        return Future.failedFuture(new LedgerException(Rejection.accountNotFound(id)));
      }
      Request replace = Request.cmd(Command.EVAL).arg(script).arg(1).arg(keys.account(id)).arg(folded.version);
      folded.fields.forEach((field, value) -> replace.arg(field).arg(value));
      return redis.send(replace).compose(written -> {
        if (written.toInteger() == 1) {
          return ViewReads.live(redis, this.keys).compose(now -> {
            if (now.generation() > keys.generation()) {
              // A switch landed between the look and the write: the view went into a retired
              // generation, maybe after its keys were removed. Take it out, and write the live one.
              return redis.send(Request.cmd(Command.UNLINK).arg(keys.account(id)))
                  .compose(unlinked -> attempt(id, attempt + 1, folded));
            }
            return redis.send(Request.cmd(Command.SREM).arg(keys.degraded()).arg(id.value()))
                .map(removed -> new Rebuilt(id, folded.version, folded.events));
          });
        }
        if (attempt >= ATTEMPTS) {
          return Future.failedFuture(new LedgerException(Reason.CONCURRENCY_CONFLICT, "account " + id
              + " kept changing while its view was rebuilt (" + ATTEMPTS + " attempts); try again"));
        }
        return attempt(id, attempt + 1, folded);
      });
    });
  }

  /** Folds the account's events after {@code folded.version} into it, a page at a time. */
  private Future<Void> foldFrom(AccountId id, Folded folded) {
    return store.readStream(id, folded.version + 1, PAGE).compose(page -> {
      for (RecordedEvent event : page) {
        folded.fields.putAll(ViewChanges.of(event));
        folded.version = event.version();
        folded.events++;
      }
      return page.size() < PAGE ? Future.succeededFuture() : foldFrom(id, folded);
    });
  }
}
