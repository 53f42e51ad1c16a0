package ledger.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's world as a JUnit 5 extension: register a subclass as a static
 * {@code @RegisterExtension} field. It opens what the class needs before the first test,
 * passing each resource through {@link #track}, and closes them all after the last test,
 * newest first, even when opening failed halfway. A test that needs a world of its own
 * opens one through its subclass and closes it itself.
 */
public abstract class ClassFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Opens the class's resources; {@code testClass} names the class, for database names and key prefixes. */
  protected abstract void open(String testClass) throws Exception;

  @Override
  public final void beforeAll(ExtensionContext context) throws Exception {
    try {
      open(context.getRequiredTestClass().getSimpleName());
    } catch (Exception | AssertionError e) {
      try {
        close();
      } catch (Exception alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** A Vert.x of the class's own, closed with the rest. */
  protected Vertx newVertx() {
    Vertx vertx = Vertx.vertx();
    track(() -> Waits.await(vertx.close()));
    return vertx;
  }

  /** A PostgreSQL pool of {@code size} connections, closed with the rest. */
  protected Pool newPool(Vertx vertx, PgConnectOptions database, int size) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(database).using(vertx).build();
    track(() -> Waits.await(pool.close()));
    return pool;
  }

  /** Closes {@code resource} with the rest of the class's world. */
  public <T extends AutoCloseable> T track(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Closes everything opened so far, newest first; the first failure is thrown, the others suppressed in it. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
