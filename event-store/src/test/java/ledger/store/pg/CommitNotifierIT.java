package ledger.store.pg;

import static ledger.store.pg.StoreFixture.notifyAndHear;
import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The commit doorbell: every ring is heard on the local event bus; a NOTIFY goes to the tails of
 * other processes unless this process's projection writes every partition (then none reads the
 * store), and goes again as soon as it writes fewer.
 */
class CommitNotifierIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void a_ring_is_announced_to_other_processes_unless_this_one_writes_every_partition() {
    List<String> heard = fixture.listenToDoorbell();
    AtomicInteger local = new AtomicInteger();
    fixture.vertx.eventBus().localConsumer(CommitNotifier.LOCAL_ADDRESS, message -> local.incrementAndGet());
    // One connection: the notifier's NOTIFY and each marker run in the order they are asked, so
    // whatever a ring announced is heard before the marker that follows it.
    Pool bell = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(fixture.options)
        .using(fixture.vertx).build();
    CommitNotifier notifier = new CommitNotifier(fixture.vertx, bell);
    LocalWriters writers = LocalWriters.of(fixture.vertx);

    // no projection in this process: every ring is a NOTIFY
    notifier.ring();
    notifyAndHear(bell, heard, "no-projection", WAIT);
    assertThat(heard).containsExactly("", "no-projection");

    // it writes both partitions: nobody else tails, so no NOTIFY
    writers.writing(2, 2);
    notifier.ring();
    notifier.ring();
    notifyAndHear(bell, heard, "every-partition", WAIT);
    assertThat(heard).containsExactly("", "no-projection", "every-partition");

    // it lost one: the other's writer, elsewhere, hears the next ring
    writers.writing(1, 2);
    notifier.ring();
    notifyAndHear(bell, heard, "one-of-two", WAIT);
    assertThat(heard).containsExactly("", "no-projection", "every-partition", "", "one-of-two");
    until("every ring heard on the event bus", WAIT, local::get, n -> n == 4);
    await(bell.close());
  }

  @Test
  void every_partition_means_all_of_a_known_count() {
    LocalWriters writers = new LocalWriters();
    assertThat(writers.everyPartition()).as("before any projection started").isFalse();
    writers.writing(0, 1);
    assertThat(writers.everyPartition()).isFalse();
    writers.writing(1, 1);
    assertThat(writers.everyPartition()).isTrue();
    writers.writing(3, 4);
    assertThat(writers.everyPartition()).isFalse();
    assertThat(writers.writing()).isEqualTo(3);
    writers.writing(4, 4);
    assertThat(writers.everyPartition()).isTrue();
    assertThat(LocalWriters.of(fixture.vertx)).isSameAs(LocalWriters.of(fixture.vertx));
  }
}
