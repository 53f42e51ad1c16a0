package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.vertx.grpc.common.GrpcStatus;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.testkit.Waits;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.QueryServiceGrpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of forged ES256 tokens (each a full ECDSA verification to refuse) over real gRPC: a
 * peer past its failed authentications is refused RESOURCE_EXHAUSTED RATE_LIMITED with a retry
 * hint, without a verification, while another peer with a valid token is served throughout and
 * the same forged token sent again costs no verification (ledger_auth_verifications_total).
 * Peers are told apart by the loopback address each channel connects from.
 */
class AuthFloodIT {

  private static final int RATE = 2;
  private static final int BURST = 5;
  private static final String ACCOUNT = "flood-1";

  static final TestIssuer issuer = new TestIssuer();

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(config.security()
      .withAuth(issuer.settings().withFailureLimit(RATE, BURST))));

  @BeforeAll
  static void account() {
    CallerAuthIT.authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), valid()).openAccount(
        OpenAccountRequest.newBuilder().setCommandId("open-" + ACCOUNT).setAccountId(ACCOUNT).setCurrency("USD")
            .build());
    // Served means answered: wait until the projection shows the account, so a read cannot be NOT_FOUND.
    String token = valid();
    Waits.until("the account is readable", Waits.EVENTUALLY, () -> GrpcJava.call(() -> CallerAuthIT.authorized(
        QueryServiceGrpc.newBlockingStub(fixture.channel), token)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(ACCOUNT).build())).ok(), ok -> ok);
  }

  @Test
  void a_peer_sending_forged_tokens_is_rate_limited_with_a_hint_while_another_peer_is_served_throughout() {
    ManagedChannel attacker = GrpcJava.channelFrom("127.0.0.2", fixture.grpcPort);
    ManagedChannel honest = GrpcJava.channelFrom("127.0.0.3", fixture.grpcPort);
    String honestToken = valid();
    try {
      StatusRuntimeException limited = null;
      long sentAt = 0;
      int forgedRefused = 0;
      for (int i = 0; i < BURST + 20 && limited == null; i++) {
        sentAt = System.nanoTime();
        try {
          balance(attacker, TestIssuer.forgedEs256(TestIssuer.claims()));
          throw new AssertionError("a forged token was admitted");
        } catch (StatusRuntimeException refused) {
          if (refused.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            limited = refused;
          } else {
            assertThat(GrpcJava.errorInfo(refused).getReason()).isEqualTo("TOKEN_INVALID");
            forgedRefused++;
          }
        }
        assertThat(balance(honest, honestToken)).as("the honest peer, after %d forged calls", i + 1).isTrue();
      }

      assertThat(limited).as("rate limited within the burst and 20 more").isNotNull();
      assertThat(forgedRefused).as("the burst was verified and refused").isGreaterThanOrEqualTo(BURST);
      var info = GrpcJava.errorInfo(limited);
      assertThat(info.getReason()).isEqualTo("RATE_LIMITED");
      assertThat(info.getMetadataMap()).containsEntry("limit", "auth_failures")
          .containsEntry("rate_per_second", "2").containsEntry("burst", "5");
      long hintMillis = Long.parseLong(info.getMetadataOrThrow("retry_after_ms"));
      assertThat(hintMillis).isBetween(1L, 1000L / RATE);
      assertThat(retryInfo(limited)).as("RetryInfo, as grpc-java reads it").isEqualTo(Duration.ofMillis(hintMillis));
      for (int i = 0; i < 3; i++) {
        assertThat(balance(honest, valid())).as("the honest peer with a new token").isTrue();
      }

      // A valid token the attacker's address has not used before waits for the hint too, then passes.
      String attackersValid = valid();
      long refusedSince = sentAt;
      long servedAfterMillis = Waits.until("the limited peer is served again", Waits.EVENTUALLY, () -> {
        Reply<?> reply = GrpcJava.call(() -> CallerAuthIT.authorized(QueryServiceGrpc.newBlockingStub(attacker),
            attackersValid).getBalance(GetBalanceRequest.newBuilder().setAccountId(ACCOUNT).build()));
        if (reply.ok()) {
          return (System.nanoTime() - refusedSince) / 1_000_000;
        }
        assertThat(reply.reason()).isEqualTo("RATE_LIMITED");
        return -1L;
      }, millis -> millis >= 0);
      assertThat(servedAfterMillis).as("served again, not before the hint of %d ms", hintMillis)
          .isGreaterThanOrEqualTo(hintMillis - 2);
      assertThat(verifications("peer_over_limit")).isGreaterThanOrEqualTo(1);
    } finally {
      GrpcJava.close(attacker);
      GrpcJava.close(honest);
    }
  }

  @Test
  void the_same_forged_token_sent_again_is_answered_the_same_without_a_new_verification() {
    ManagedChannel channel = GrpcJava.channelFrom("127.0.0.4", fixture.grpcPort);
    String forged = TestIssuer.forgedEs256(TestIssuer.claims());
    long refusedBefore = verifications("refused");
    long rememberedBefore = verifications("refusal_remembered");
    try {
      String firstMessage = null;
      for (int i = 0; i < 10; i++) {
        Reply<?> reply = GrpcJava.call(() -> CallerAuthIT.authorized(QueryServiceGrpc.newBlockingStub(channel), forged)
            .getBalance(GetBalanceRequest.newBuilder().setAccountId(ACCOUNT).build()));
        assertThat(reply.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
        assertThat(reply.reason()).isEqualTo("TOKEN_INVALID");
        firstMessage = firstMessage == null ? reply.message() : firstMessage;
        assertThat(reply.message()).isEqualTo(firstMessage);
      }

      assertThat(verifications("refused") - refusedBefore).as("verifications run").isEqualTo(1);
      assertThat(verifications("refusal_remembered") - rememberedBefore).isEqualTo(9);
    } finally {
      GrpcJava.close(channel);
    }
  }

  /** A valid token never sent before (its jti makes it another string). */
  private static String valid() {
    return issuer.es256(fixture.clientVertx, TestIssuer.claims().put("jti", Long.toString(System.nanoTime())));
  }

  private static boolean balance(ManagedChannel channel, String token) {
    return CallerAuthIT.authorized(QueryServiceGrpc.newBlockingStub(channel), token)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(ACCOUNT).build()).getAccountId().equals(ACCOUNT);
  }

  private static long verifications(String outcome) {
    Matcher value = Pattern.compile("^ledger_auth_verifications_total\\{outcome=\"" + outcome + "\"} ([0-9.E]+)$",
        Pattern.MULTILINE).matcher(fixture.http("/metrics").body());
    return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
  }

  private static Duration retryInfo(StatusRuntimeException error) {
    for (Any detail : StatusProto.fromThrowable(error).getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
          return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    return null;
  }
}
