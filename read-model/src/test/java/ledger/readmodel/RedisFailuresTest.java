package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Redis failures mean "did not answer, retry": by the error's code, its first word. */
class RedisFailuresTest {

  @ParameterizedTest(name = "{0}: unavailable {1}")
  @CsvSource(delimiter = '|', value = {
      "CONNECTION_CLOSED | true",
      "LOADING Redis is loading the dataset in memory | true",
      "BUSY Redis is busy running a script | true",
      "MASTERDOWN Link with MASTER is down | true",
      "TRYAGAIN Multiple keys request during rehashing of slot | true",
      "CLUSTERDOWN The cluster is down | true",
      "BUSYKEY Target key name already exists | false",
      "NOSCRIPT No matching script | false",
      "ERR unknown command 'HGETAL' | false",
      "WRONGTYPE Operation against a key holding the wrong kind of value | false"})
  void an_error_reply_is_unavailable_by_its_code(String reply, boolean unavailable) {
    assertThat(RedisFailures.isUnavailable(ErrorType.create(reply))).isEqualTo(unavailable);
  }
}
