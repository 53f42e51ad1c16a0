package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: the tail's ORDER BY named the selected {@code transaction_id::text::bigint AS
 * transaction_id}, an output column, so PostgreSQL sorted every event after the checkpoint by
 * that expression on each read instead of walking events_commit_order_idx: a batch cost the
 * whole backlog (a rebuild of 100,000 events read at 28,000 events/s, the live tail from an
 * empty Redis at 11,000). Ordering by the table's columns lets the index give the order.
 */
class TailReadsInIndexOrderIT {

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void the_tail_reads_in_the_commit_order_index_without_sorting_the_backlog() {
    String statement = Sql.READ_AFTER.replace("$1", "'0'").replace("$2", "0").replace("$3", "1000");
    List<String> plan = new ArrayList<>();
    await(fixture.pool.withTransaction(connection -> explain(connection, statement, plan)));

    assertThat(plan).as(String.join("\n", plan)).noneMatch(line -> line.contains("Sort"))
        .anyMatch(line -> line.contains("events_commit_order_idx"));
  }

  private static io.vertx.core.Future<Void> explain(SqlConnection connection, String statement, List<String> plan) {
    // a sort is then chosen only when no plan can do without one
    return connection.query("SET LOCAL enable_sort = off").execute()
        .compose(off -> connection.query("SET LOCAL enable_seqscan = off").execute())
        .compose(off -> connection.query("EXPLAIN " + statement).execute())
        .map(rows -> {
          for (Row row : rows) {
            plan.add(row.getString(0));
          }
          return null;
        });
  }
}
