package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The subject stored in every event is bounded where a caller is made. */
class CallerTest {

  @ParameterizedTest
  @ValueSource(strings = {"svc-payments", "CN=payments,OU=Ledger,O=Acme\\, Inc.,C=DE", "CN=Jürgen Groß,O=Ächtung",
      "auth0|5f7c8ec7c33c6c004bbafe82", "https://issuer.example/users/42", "客户服务", "x"})
  void a_verified_subject_of_any_script_is_kept_as_given(String subject) {
    Caller caller = Caller.authenticated(subject, "10.0.0.7");

    assertThat(caller.subject()).isEqualTo(subject);
    assertThat(caller.limitKey()).isEqualTo("sub:" + subject);
  }

  @Test
  void a_subject_of_256_characters_is_kept_and_one_of_257_refused_counting_characters_not_utf16_units() {
    String emoji = "😀"; // one character, two UTF-16 units, four UTF-8 bytes
    assertThat(Caller.authenticated("a".repeat(256), null).subject()).hasSize(256);
    assertThat(Caller.authenticated(emoji.repeat(256), null).subject()).hasSize(512);

    assertRefused("a".repeat(257), "is 257 characters long; at most 256");
    assertRefused(emoji.repeat(257), "is 257 characters long; at most 256");
    assertRefused("a".repeat(1_000_000), "is 1000000 characters long");
  }

  @Test
  void control_and_invisible_characters_are_refused_with_their_position() {
    assertRefused("alice\nbob", "(U+000A) at position 5");
    assertRefused("alice\u0000", "(U+0000) at position 5");
    assertRefused("\u001b[31mred", "(U+001B) at position 0");
    assertRefused("admin\u202Eevil", "(U+202E) at position 5"); // right-to-left override
    assertRefused("ad\u200Bmin", "(U+200B) at position 2"); // zero-width space
    assertRefused("a\u2028b", "(U+2028) at position 1"); // line separator
    assertRefused("a\u00A0b", "(U+00A0) at position 1"); // no-break space looks like a space
    assertRefused("😀\uD800", "(U+D800) at position 1"); // unpaired surrogate
    assertRefused("a\uE000", "(U+E000) at position 1"); // private use
  }

  @Test
  void an_empty_blank_or_missing_subject_is_refused_by_authenticated() {
    for (String subject : List.of("", " ", "\t")) {
      assertThatThrownBy(() -> Caller.authenticated(subject, null)).isInstanceOf(LedgerException.class);
    }
    assertRefused(null, "name no subject");
  }

  @Test
  void the_canonical_constructor_checks_too_so_no_caller_escapes_the_bound() {
    assertThatThrownBy(() -> new Caller("a".repeat(300), "peer")).isInstanceOf(LedgerException.class);
    assertThat(new Caller(null, "peer").subject()).isNull();
    assertThat(Caller.anonymous("peer").limitKey()).isEqualTo("peer:peer");
  }

  @Test
  void the_refusal_never_repeats_the_subject() {
    String hostile = "x".repeat(10_000);

    assertThatThrownBy(() -> Caller.authenticated(hostile, null))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("xxxx"));
  }

  private static void assertRefused(String subject, String message) {
    assertThatThrownBy(() -> Caller.authenticated(subject, "10.0.0.7"))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining(message)
        .satisfies(e -> {
          LedgerException refusal = (LedgerException) e;
          assertThat(refusal.reason()).isEqualTo(Reason.TOKEN_INVALID);
          assertThat(ErrorCodes.statusOf(refusal.reason()).name()).isEqualTo("UNAUTHENTICATED");
          assertThat(refusal.rejection().details()).containsEntry("subject_max_length", "256");
        });
  }
}
