package ledger.store.pg;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import ledger.domain.Account;
import ledger.domain.AccountId;
import ledger.store.SnapshotCodec;

/** Snapshots of account states, and the version an account had at a point in time. */
public final class SnapshotStore {

  private final Pool pool;

  public SnapshotStore(Pool pool) {
    this.pool = pool;
  }

  /** Keeps the state; a snapshot of the same version already there is left as it is. */
  public Future<Void> save(Account state) {
    return pool.preparedQuery(Sql.SAVE_SNAPSHOT)
        .execute(Tuple.of(state.id().value(), state.version(), SnapshotCodec.SCHEMA_VERSION,
            SnapshotCodec.encode(state).encode()))
        .mapEmpty();
  }

  /** The newest readable snapshot at or before {@code version}. */
  public Future<Optional<Account>> latest(AccountId id, long version) {
    return pool.preparedQuery(Sql.LATEST_SNAPSHOT)
        .execute(Tuple.of(id.value(), version, SnapshotCodec.SCHEMA_VERSION))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(SnapshotCodec.decode(id, row.getLong("stream_version"),
              new JsonObject(row.getString("state"))));
        });
  }

  /** The account's version at {@code instant}: events recorded exactly then are included. 0 if none. */
  public Future<Long> versionAt(AccountId id, Instant instant) {
    return pool.preparedQuery(Sql.VERSION_AT)
        .execute(Tuple.of(id.value(), instant.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getLong("version"));
  }
}
