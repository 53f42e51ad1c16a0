package ledger.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's world as a JUnit 5 extension: register a subclass as a static
 * {@code @RegisterExtension} field. It opens what the class needs before the first test,
 * passing each resource through {@link #track}, and closes them all after the last test,
 * newest first, even when opening failed halfway.
 */
public abstract class ClassFixture implements BeforeAllCallback, AfterAllCallback {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Opens the class's resources; {@code testClass} names the class, for database names and key prefixes. */
  protected abstract void open(String testClass) throws Exception;

  @Override
  public final void beforeAll(ExtensionContext context) throws Exception {
    try {
      open(context.getRequiredTestClass().getSimpleName());
    } catch (Exception | AssertionError e) {
      closeAll();
      throw e;
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) throws Exception {
    closeAll();
  }

  /** Closes {@code resource} with the rest of the class's world. */
  public <T extends AutoCloseable> T track(T resource) {
    opened.push(resource);
    return resource;
  }

  private void closeAll() throws Exception {
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
