package ledger.app.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import ledger.app.server.AuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the key files again now and then, on a worker thread, and hands over a new verifier when
 * their content changed: an identity provider's rotated JWKS, or a Kubernetes secret updated in
 * place, is taken without a restart. Files that no longer load (half written, no usable key)
 * leave the keys in use as they are, with a warning, until a later read loads.
 */
final class KeyWatch {

  private static final Logger LOG = LoggerFactory.getLogger(KeyWatch.class);

  private final Vertx vertx;
  private final AuthSettings settings;
  private final Clock clock;
  private final Consumer<TokenVerifier> replace;
  private final List<Path> files = new ArrayList<>();
  private volatile List<String> loaded;
  private boolean reading;

  KeyWatch(Vertx vertx, AuthSettings settings, Clock clock, Consumer<TokenVerifier> replace) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
    this.replace = replace;
    if (settings.jwks() != null) {
      files.add(settings.jwks());
    }
    files.addAll(settings.publicKeys());
    this.loaded = contents();
  }

  void start(Duration every) {
    vertx.setPeriodic(every.toMillis(), tick -> check());
  }

  private void check() {
    if (reading) {
      return;
    }
    reading = true;
    vertx.executeBlocking(() -> {
      List<String> now = contents();
      if (now.equals(loaded)) {
        return null;
      }
      try {
        replace.accept(new TokenVerifier(vertx, settings, clock));
        LOG.info("Token verification keys reloaded from {}", files);
      } catch (RuntimeException e) {
        LOG.warn("Token verification keys in {} changed but do not load, keeping the previous ones: {}", files,
            e.getMessage());
      }
      loaded = now;
      return null;
    }).onComplete(done -> reading = false);
  }

  /** Each file's text, or a marker when it cannot be read (so its coming back counts as a change). */
  private List<String> contents() {
    List<String> texts = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        texts.add(Files.readString(file));
      } catch (IOException e) {
        texts.add("unreadable: " + e);
      }
    }
    return texts;
  }
}
