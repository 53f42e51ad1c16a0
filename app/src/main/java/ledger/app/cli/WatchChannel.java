package ledger.app.cli;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.client.BearerToken;

/**
 * The grpc-java channel {@code watch} streams over (BalanceWatch is a grpc-java client), from
 * the same flags as every client command: --target, the TLS files and the bearer token.
 */
final class WatchChannel {

  private WatchChannel() {
  }

  /** A channel to {@code --target}; an IllegalArgumentException names a bad flag. */
  static ManagedChannel open(ClientOptions options) {
    SocketAddress target = GrpcCalls.parseTarget(options.target);
    return Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials(options.tls)).build();
  }

  /** The bearer token sent with the call, or null for none. */
  static CallCredentials bearer(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    String value = token.strip();
    return BearerToken.supplying(() -> value);
  }

  /** Plaintext, or TLS with the same trust and client certificate as the other commands (ClientTlsOptions). */
  private static ChannelCredentials credentials(ClientTlsOptions tls) {
    HttpClientOptions transport = tls.transport();
    if (transport == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
    try {
      if (tls.ca != null) {
        credentials.trustManager(tls.ca.toFile());
      }
      // Vert.x reads the key (PKCS#8, PKCS#1 or SEC 1) as the other commands do; grpc-java's own reader takes PKCS#8 only.
      if (transport.getKeyCertOptions() != null) {
        credentials.keyManager(transport.getKeyCertOptions().getKeyManagerFactory(null).getKeyManagers());
      }
    } catch (Exception e) {
      throw new IllegalArgumentException("the TLS files cannot be used: " + e, e);
    }
    return credentials.build();
  }
}
