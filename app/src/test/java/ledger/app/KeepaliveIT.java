package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import ledger.app.server.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --keepalive-time-ms and --keepalive-timeout-ms: the server PINGs every client connection, and
 * closes one whose peer does not answer (a vanished peer, or a NAT that forgot the flow).
 */
class KeepaliveIT {

  private static final Duration KEEPALIVE = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withConnections(new ConnectionSettings(KEEPALIVE, TIMEOUT, Duration.ZERO, Duration.ofSeconds(1)))));

  @Test
  void an_idle_connection_is_pinged_every_keepalive_time_and_stays_open_while_it_answers() {
    AtomicInteger pings = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    var client = fixture.clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
        .with(new PoolOptions().setHttp2MaxSize(1))
        .withConnectHandler(connection -> {
          connection.pingHandler(data -> pings.incrementAndGet());
          connection.closeHandler(v -> closed.incrementAndGet());
        })
        .build();
    try {
      // any request opens the connection; the gRPC port answers a plain GET at once (415)
      HttpClientResponse response = await(client.request(new RequestOptions().setMethod(HttpMethod.GET)
          .setHost("127.0.0.1").setPort(fixture.grpcPort).setURI("/")).compose(request -> request.send()));
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      until("three keepalive PINGs on the idle connection", Duration.ofSeconds(10), pings::get, n -> n >= 3);
      assertThat(closed.get()).as("connection closes while the client answers PINGs").isZero();
    } finally {
      client.close();
    }
  }

  @Test
  void a_connection_whose_peer_never_answers_a_ping_is_closed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", fixture.grpcPort)) {
      socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      OutputStream out = socket.getOutputStream();
      // An HTTP/2 client preface and an empty SETTINGS frame, then silence: it reads, never acknowledges.
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      long started = System.nanoTime();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      boolean pinged = false;
      int read;
      // Frames are read whole only by luck; a PING frame header is type 6 with length 8: look for it in the bytes.
      while ((read = in.read(buffer)) >= 0) {
        for (int i = 0; i + 3 < read; i++) {
          if (buffer[i] == 0 && buffer[i + 1] == 0 && buffer[i + 2] == 8 && buffer[i + 3] == 6) {
            pinged = true;
          }
        }
      }
      long closedAfter = (System.nanoTime() - started) / 1_000_000;
      assertThat(pinged).as("the server sent a PING").isTrue();
      assertThat(closedAfter).as("ms until the server closed the silent connection")
          .isGreaterThanOrEqualTo(KEEPALIVE.plus(TIMEOUT).toMillis() - 50);
    }
  }
}
