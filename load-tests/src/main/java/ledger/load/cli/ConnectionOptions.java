package ledger.load.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import ledger.load.config.ConfigException;
import ledger.load.config.GhzConfig;
import ledger.load.config.Transport;
import picocli.CommandLine.Option;

/**
 * ghz's connection flags ({@code --insecure}, {@code --cacert}, {@code --cert}, {@code --key},
 * {@code --cname}, {@code --skipTLS}) and {@code -m/--metadata}, over the file's fields. One
 * difference: a TLS flag without {@code --insecure} means TLS even when the file says
 * {@code "insecure": true} (ghz would quietly stay in plaintext).
 */
public final class ConnectionOptions {

  @Option(names = "--insecure", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "Plaintext (true) or TLS (false), instead of the file's \"insecure\".")
  Boolean insecure;

  @Option(names = "--cacert", paramLabel = "PEM", description = "CA certificates to trust (TLS), instead of the JVM's.")
  String cacert;

  @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate (mutual TLS); needs --key.")
  String cert;

  @Option(names = "--key", paramLabel = "PEM", description = "The client certificate's private key.")
  String key;

  @Option(names = "--cname", paramLabel = "NAME", description = "The name the server's certificate must carry.")
  String cname;

  @Option(names = "--skipTLS", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "Trust any server certificate.")
  Boolean skipTls;

  @Option(names = {"-m", "--metadata"}, paramLabel = "JSON",
      description = "Metadata of every call as a JSON object of strings, e.g. '{\"authorization\": \"Bearer ...\"}'; "
          + "its keys replace the file's.")
  String metadata;

  /** {@code config} with these flags applied; unchanged without any. */
  public GhzConfig apply(GhzConfig config) {
    GhzConfig c = config;
    boolean tlsFlag = cacert != null || cert != null || key != null || cname != null || skipTls != null;
    if (insecure != null || tlsFlag) {
      Transport t = config.transport();
      boolean tls = insecure != null ? !insecure : true;
      c = c.withTransport(new Transport(tls, or(cacert, tls ? t.cacert() : null), or(cert, tls ? t.cert() : null),
          or(key, tls ? t.key() : null), or(cname, tls ? t.cname() : null),
          skipTls != null ? skipTls : tls && t.skipVerify()));
    }
    if (metadata != null) {
      Map<String, String> merged = new LinkedHashMap<>(c.metadata());
      merged.putAll(metadata(metadata));
      c = c.withMetadata(merged);
    }
    return c;
  }

  private static String or(String flag, String file) {
    return flag != null ? flag : file;
  }

  private static Map<String, String> metadata(String json) {
    JsonObject o;
    try {
      o = new JsonObject(json);
    } catch (DecodeException e) {
      throw new ConfigException("--metadata must be a JSON object of strings: " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String k : o.fieldNames()) {
      if (!(o.getValue(k) instanceof String v)) {
        throw new ConfigException("--metadata: \"" + k + "\" must be a string");
      }
      map.put(k, v);
    }
    return map;
  }
}
