package ledger.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import ledger.testkit.TestInfra;
import redis.embedded.RedisServer;

/**
 * A Redis server of one test's own on a fixed port, with nothing saved to disk: a restart
 * comes back empty, as a crashed cache would, and the test can flush it or kill its
 * clients' connections with plain commands.
 */
final class OwnRedis implements AutoCloseable {

  private final int port = TestInfra.freePort();
  private RedisServer server;

  synchronized void start() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis did not start on port " + port, e);
    }
  }

  synchronized void restart() {
    stop();
    start();
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Sends one command and returns the first line of its answer (e.g. "+OK", ":2"). */
  String command(String... words) {
    StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
    for (String word : words) {
      request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
          .append("\r\n");
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis command " + String.join(" ", words), e);
    }
  }

  private void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis did not stop", e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      stop();
    }
  }
}
