package ledger.readmodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts the projection runs in Redis; read once, when the role is built. */
public record ViewScripts(String apply, String checkpoint, String reset, String degrade, String rebuild) {

  public static ViewScripts load() {
    return new ViewScripts(read("apply.lua"), read("checkpoint.lua"), read("reset.lua"), read("degrade.lua"),
        read("rebuild.lua"));
  }

  private static String read(String name) {
    try (InputStream in = ViewScripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
