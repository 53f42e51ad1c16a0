package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The depth check that keeps deeply nested JSON away from protobuf-java-util's recursive parser. */
class RequestDecoderTest {

  @Test
  void json_depth_counts_brackets_and_braces_outside_strings_only() {
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("{\"as_of\": {\"seconds\": 1}}"), 2)).isFalse();
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("{\"a\": [[1]]}"), 2)).isTrue();
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("{\"reference\": \"[[[[{{{{\"}"), 1)).isFalse();
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("{\"reference\": \"\\\"[[[\"}"), 1)).isFalse();
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("[".repeat(101) + "]".repeat(101)), 100)).isTrue();
    assertThat(RequestDecoder.nestedDeeperThan(Buffer.buffer("[]".repeat(1000)), 1)).isFalse();
  }
}
