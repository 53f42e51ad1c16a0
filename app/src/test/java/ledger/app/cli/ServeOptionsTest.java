package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static ledger.app.cli.ServeArgs.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import ledger.app.server.RedisTls;
import org.junit.jupiter.api.Test;

/** {@code ledger serve}'s flags reach the server's configuration, and a bad value stops it before it starts. */
class ServeOptionsTest {

  @Test
  void max_concurrent_streams_defaults_to_ten_thousand_and_takes_the_flag() {
    assertThat(parsed().config().maxConcurrentStreams()).isEqualTo(10_000);
    assertThat(parsed("--max-concurrent-streams", "250").config().maxConcurrentStreams()).isEqualTo(250);
  }

  @Test
  void max_concurrent_streams_outside_one_to_the_http2_limit_is_a_usage_error() {
    assertThat(refusal("--max-concurrent-streams", "0"))
        .startsWith("--max-concurrent-streams must be between 1 and 2147483647, got 0");
    assertThat(refusal("--max-concurrent-streams", "-5"))
        .startsWith("--max-concurrent-streams must be between 1 and 2147483647, got -5");
    assertThat(refusal("--max-concurrent-streams", "2147483648"))
        .startsWith("Invalid value for option '--max-concurrent-streams': '2147483648' is not an int");
  }

  @Test
  void projection_partitions_default_to_one_and_take_the_flag_from_one_to_sixty_four() {
    assertThat(parsed().config().projectionPartitions()).isEqualTo(1);
    assertThat(parsed("--projection-partitions", "4").config().projectionPartitions()).isEqualTo(4);
    assertThat(refusal("--projection-partitions", "0"))
        .startsWith("--projection-partitions must be between 1 and 64, got 0");
    assertThat(refusal("--projection-partitions", "65"))
        .startsWith("--projection-partitions must be between 1 and 64, got 65");
  }

  @Test
  void the_redis_tls_files_reach_the_configuration_and_default_to_the_jvm_trust_store() {
    assertThat(parsed().config().security().redisTls()).isEqualTo(RedisTls.jvmTrustStore());
    assertThat(parsed("--redis-tls-ca", "/etc/ledger/ca.pem", "--redis-tls-cert", "/etc/ledger/c.pem",
        "--redis-tls-key", "/etc/ledger/k.pem").config().security().redisTls())
        .isEqualTo(new RedisTls(Path.of("/etc/ledger/ca.pem"), Path.of("/etc/ledger/c.pem"), Path.of("/etc/ledger/k.pem")));
  }
}
