package ledger.app.server;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the TLS files again on a timer, on a worker thread, and hands on a changed pair once
 * it is whole: cert-manager swaps the files at once (a symlinked folder), but a copy made by hand
 * or a non-atomic volume can show a new certificate beside the old key for a while. Such a pair
 * is refused with a warning, and the certificate in use stays, until the key matches again.
 */
final class TlsReloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

  /** What one reading found: nothing new, a pair to apply, or files that cannot be used (yet). */
  private sealed interface Outcome {
  }

  private record Unchanged() implements Outcome {
  }

  private record Changed(TlsMaterial material) implements Outcome {
  }

  private record Unusable(TlsFiles files, String problem) implements Outcome {
  }

  private final Vertx vertx;
  private final TlsSettings settings;
  private final Counter applied;
  private final Counter rejected;
  private final AtomicLong notAfterSeconds = new AtomicLong();
  // Touched only on the timer's context: the timer and the completion of its blocking read.
  private TlsMaterial inUse;
  private TlsFiles lastRefused;
  private String lastProblem;
  private boolean reading;
  private long timer = -1;

  TlsReloader(Vertx vertx, TlsMaterial initial, MeterRegistry registry) {
    this.vertx = vertx;
    this.settings = initial.settings();
    this.inUse = initial;
    this.applied = reloads(registry, "applied", "TLS files read again and applied to new connections");
    this.rejected = reloads(registry, "refused",
        "TLS files that changed but could not be used (unreadable, or a key that does not match the certificate)");
    notAfterSeconds.set(initial.certificate().getNotAfter().toInstant().getEpochSecond());
    Gauge.builder("ledger.tls.certificate.not.after", notAfterSeconds, AtomicLong::get).baseUnit("seconds")
        .description("Expiry of the certificate the gRPC and HTTP ports present, in seconds since the epoch")
        .register(registry);
    if (initial.expired(Instant.now())) {
      LOG.warn("The TLS certificate has expired ({}): clients will refuse it", initial.describe());
    }
  }

  private static Counter reloads(MeterRegistry registry, String outcome, String description) {
    return Counter.builder("ledger.tls.reloads").tag("outcome", outcome).description(description).register(registry);
  }

  void start(Consumer<TlsMaterial> apply) {
    timer = vertx.setPeriodic(settings.reloadEvery().toMillis(), tick -> {
      if (reading) {
        return;
      }
      reading = true;
      TlsMaterial current = inUse;
      TlsFiles refused = lastRefused;
      vertx.executeBlocking(() -> read(current, refused), false).onComplete(done -> {
        reading = false;
        if (done.succeeded()) {
          handle(done.result(), apply);
        } else {
          LOG.error("Reading the TLS files failed unexpectedly", done.cause());
        }
      });
    });
  }

  /** Blocking. */
  private Outcome read(TlsMaterial current, TlsFiles refused) {
    TlsFiles files;
    try {
      files = TlsFiles.read(settings);
    } catch (InvalidTlsFiles e) {
      return new Unusable(null, e.getMessage()); // mid-swap, or removed
    }
    if (files.sameAs(current.files()) || files.sameAs(refused)) {
      return new Unchanged();
    }
    try {
      return new Changed(TlsMaterial.check(settings, files));
    } catch (InvalidTlsFiles e) {
      return new Unusable(files, e.getMessage());
    }
  }

  private void handle(Outcome outcome, Consumer<TlsMaterial> apply) {
    if (outcome instanceof Changed changed) {
      inUse = changed.material();
      lastRefused = null;
      lastProblem = null;
      apply.accept(changed.material());
      notAfterSeconds.set(changed.material().certificate().getNotAfter().toInstant().getEpochSecond());
      applied.increment();
      LOG.info("TLS files reloaded; new connections get {}", changed.material().describe());
      if (changed.material().expired(Instant.now())) {
        LOG.warn("The reloaded TLS certificate has expired: clients will refuse it");
      }
    } else if (outcome instanceof Unusable unusable) {
      if (unusable.files() != null) {
        lastRefused = unusable.files();
      }
      if (!unusable.problem().equals(lastProblem) || unusable.files() != null) {
        lastProblem = unusable.problem();
        rejected.increment();
        LOG.warn("TLS files changed but cannot be used yet: {}; new connections keep getting {}",
            unusable.problem(), inUse.describe());
      }
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
