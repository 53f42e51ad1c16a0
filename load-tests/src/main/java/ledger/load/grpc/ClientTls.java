package ledger.load.grpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.load.config.ConfigException;
import ledger.load.config.Transport;

/**
 * A {@link Transport} on the Vert.x HTTP client: the PEM files read once, up front (a missing or
 * wrong file is a config error before any connection), then the same trust and key options on
 * every connection. Only the connection set-up differs from plaintext; calls take the same path.
 */
public final class ClientTls {

  private final Transport transport;
  private final PemTrustOptions trust;
  private final PemKeyCertOptions keyCert;

  private ClientTls(Transport transport, PemTrustOptions trust, PemKeyCertOptions keyCert) {
    this.transport = transport;
    this.trust = trust;
    this.keyCert = keyCert;
  }

  /** @throws ConfigException when a PEM file cannot be read or holds no certificate or key */
  public static ClientTls of(Transport transport) {
    PemTrustOptions trust = null;
    PemKeyCertOptions keyCert = null;
    if (transport.tls() && !transport.skipVerify() && transport.cacert() != null) {
      trust = new PemTrustOptions().addCertValue(pem("cacert", transport.cacert(), "CERTIFICATE"));
    }
    if (transport.tls() && transport.cert() != null) {
      keyCert = new PemKeyCertOptions().setCertValue(pem("cert", transport.cert(), "CERTIFICATE"))
          .setKeyValue(pem("key", transport.key(), "PRIVATE KEY"));
    }
    return new ClientTls(transport, trust, keyCert);
  }

  public Transport transport() {
    return transport;
  }

  /** {@code http} secured as the transport says (unchanged for plaintext). */
  public HttpClientOptions apply(HttpClientOptions http) {
    if (!transport.tls()) {
      return http;
    }
    // gRPC needs HTTP/2, which over TLS is negotiated with ALPN
    http.setSsl(true).setUseAlpn(true);
    if (transport.skipVerify()) {
      http.setTrustAll(true).setVerifyHost(false);
    } else if (trust != null) {
      http.setTrustOptions(trust.copy());
    }
    if (keyCert != null) {
      http.setKeyCertOptions(keyCert.copy());
    }
    return http;
  }

  /**
   * The address calls go to. With {@code cname}: the host's IP under the name {@code cname}, so that
   * the connection goes to the host while SNI, the certificate check and the {@code :authority}
   * use cname (what grpc-go does with a server name override, and so ghz).
   */
  public SocketAddress target(String host) {
    SocketAddress plain = GrpcCalls.parseTarget(host);
    if (!transport.tls() || transport.cname() == null) {
      return plain;
    }
    try {
      InetAddress ip = InetAddress.getByName(plain.host());
      return SocketAddress.inetSocketAddress(new InetSocketAddress(
          InetAddress.getByAddress(transport.cname(), ip.getAddress()), plain.port()));
    } catch (UnknownHostException e) {
      throw new ConfigException("cannot resolve " + plain.host() + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a failure to reach the server means, said in the config's terms when it is about TLS (an
   * untrusted or misnamed certificate, a plaintext server, a missing client certificate).
   */
  public String explain(Throwable failure) {
    String all = chain(failure).toLowerCase(Locale.ROOT);
    if (!transport.tls()) {
      return Statuses.message(failure) + (all.contains("closed") ? " (if the server speaks TLS, set \"insecure\": "
          + "false and \"cacert\")" : "");
    }
    if (all.contains("not an ssl/tls record")) {
      return "the server does not answer TLS (a plaintext server? then set \"insecure\": true): "
          + Statuses.message(failure);
    }
    if (all.contains("pkix path") || all.contains("certification path") || all.contains("unable to find valid")) {
      return "the server's certificate is not trusted: " + (transport.cacert() == null
          ? "without \"cacert\" only the JVM's default CAs are trusted; give \"cacert\" with the CA that signed it, or "
          + "\"skipTLS\": true to trust any" : "it is not signed by the CA in " + transport.cacert());
    }
    if (all.contains("no subject alternative") || all.contains("no name matching")) {
      return "the server's certificate does not name " + (transport.cname() != null ? transport.cname()
          + " (\"cname\")" : "the host") + "; give \"cname\" with a name it carries, or \"skipTLS\": true: "
          + Statuses.message(failure);
    }
    if (all.contains("certificate_required") || all.contains("bad_certificate")) {
      return "the server refused the TLS handshake, asking for a client certificate" + (transport.cert() == null
          ? ": give \"cert\" and \"key\"" : " that it trusts (" + transport.cert() + " is not)") + ": "
          + Statuses.message(failure);
    }
    if (all.contains("closed")) {
      // over TLS 1.3 a refused client certificate shows only as a connection closed after the handshake
      return Statuses.message(failure) + " (if the server asks for a client certificate (mutual TLS), give \"cert\" "
          + "and \"key\" signed by a CA it trusts" + (transport.cert() != null ? "; " + transport.cert()
          + " may not be" : "") + ")";
    }
    return Statuses.message(failure);
  }

  private static String chain(Throwable failure) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = failure; t != null && b.length() < 10_000; t = t.getCause() == t ? null : t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString();
  }

  private static Buffer pem(String field, String file, String kind) {
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new ConfigException("\"" + field + "\": cannot read " + file + " (" + e + ")", e);
    }
    if (!text.contains("-----BEGIN ") || !text.contains(kind + "-----")) {
      throw new ConfigException("\"" + field + "\": " + file + " holds no PEM " + kind.toLowerCase(Locale.ROOT));
    }
    return Buffer.buffer(text);
  }
}
