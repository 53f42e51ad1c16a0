package ledger.load.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TemplateTest {

  static final MethodInfo DEPOSIT = new MethodInfo("ledger.v1.CommandService.Deposit", "Deposit", "CommandService",
      "DepositRequest", "CommandResult", false, false);
  /** 2023-11-14T22:13:20.123456789Z */
  static final long NANOS = 1_700_000_000_123_456_789L;

  static CallData call(long requestNumber, String workerId) {
    return new CallData(workerId, requestNumber, DEPOSIT, NANOS, "0b9c6b2e-6f2a-4c47-9f55-3f7d3c0b7a11");
  }

  private static String render(String template) {
    return Template.parse(template).render(call(42, "g3c1"), new Random(7));
  }

  @Test
  void text_without_actions_renders_as_is_and_is_constant() {
    Template t = Template.parse("acc-7 {not an action}");
    assertThat(t.render(call(0, "g0c0"), new Random())).isEqualTo("acc-7 {not an action}");
    assertThat(t.isConstant()).isTrue();
  }

  @Test
  void request_number_and_worker_id_come_from_the_call() {
    assertThat(render("dep-{{.RequestNumber}}")).isEqualTo("dep-42");
    assertThat(render("{{.WorkerID}}")).isEqualTo("g3c1");
    assertThat(Template.parse("{{.RequestNumber}}").isConstant()).isFalse();
  }

  @Test
  void every_call_data_field_renders() {
    assertThat(render("{{.FullyQualifiedName}}")).isEqualTo("ledger.v1.CommandService.Deposit");
    assertThat(render("{{.MethodName}}")).isEqualTo("Deposit");
    assertThat(render("{{.ServiceName}}")).isEqualTo("CommandService");
    assertThat(render("{{.InputName}}")).isEqualTo("DepositRequest");
    assertThat(render("{{.OutputName}}")).isEqualTo("CommandResult");
    assertThat(render("{{.IsClientStreaming}} {{.IsServerStreaming}}")).isEqualTo("false false");
    assertThat(render("{{.TimestampUnix}}")).isEqualTo("1700000000");
    assertThat(render("{{.TimestampUnixMilli}}")).isEqualTo("1700000000123");
    assertThat(render("{{.TimestampUnixNano}}")).isEqualTo("1700000000123456789");
    assertThat(render("{{.Timestamp}}")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(render("{{.UUID}}")).isEqualTo("0b9c6b2e-6f2a-4c47-9f55-3f7d3c0b7a11");
  }

  @Test
  void new_uuid_makes_a_fresh_v4_uuid_at_each_use() {
    String two = render("{{newUUID}} {{newUUID}}");
    String[] uuids = two.split(" ");
    Pattern v4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(uuids).allSatisfy(u -> assertThat(u).matches(v4));
    assertThat(uuids[0]).isNotEqualTo(uuids[1]);
  }

  @Test
  void random_string_has_the_asked_length_or_2_to_16_when_zero() {
    assertThat(render("{{randomString 8}}")).matches("[A-Za-z0-9]{8}");
    Template any = Template.parse("{{randomString 0}}");
    Random random = new Random(1);
    Set<Integer> lengths = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String s = any.render(call(i, "g0c0"), random);
      assertThat(s).matches("[A-Za-z0-9]+");
      lengths.add(s.length());
    }
    assertThat(lengths).allSatisfy(n -> assertThat(n).isBetween(2, 16)).contains(2, 16);
  }

  @Test
  void random_int_stays_in_min_inclusive_max_exclusive_and_covers_it() {
    Template t = Template.parse("acc-{{randomInt 0 10}}");
    Random random = new Random(3);
    Set<String> seen = new HashSet<>();
    IntStream.range(0, 5_000).forEach(i -> seen.add(t.render(call(i, "g0c0"), random)));
    assertThat(seen).hasSize(10).allSatisfy(s -> assertThat(s).matches("acc-[0-9]"));
    assertThat(t.isConstant()).isFalse();
  }

  @Test
  void random_int_treats_a_negative_min_as_zero_like_ghz_and_refuses_an_empty_range() {
    Template t = Template.parse("{{randomInt -5 2}}");
    Random random = new Random(5);
    IntStream.range(0, 200).forEach(i -> assertThat(t.render(call(i, "g"), random)).isIn("0", "1"));
    assertThatThrownBy(() -> render("{{randomInt 5 5}}")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("max must be greater");
  }

  @Test
  void sprig_arithmetic_lets_a_scenario_derive_ids_from_the_request_number() {
    assertThat(render("acc-{{mod .RequestNumber 10}}")).isEqualTo("acc-2");
    assertThat(render("acc-{{mod (add .RequestNumber 5) 10}}")).isEqualTo("acc-7");
    assertThat(render("{{add1 .RequestNumber}} {{sub 10 3}} {{mul 2 3 4}} {{div 9 2}} {{max 1 9 4}} {{min 3 1}}"))
        .isEqualTo("43 7 24 4 9 1");
    assertThat(render("{{randInt 5 6}}")).isEqualTo("5");
    assertThat(render("{{randNumeric 4}}")).matches("[0-9]{4}");
    assertThat(render("{{randAlpha 3}}")).matches("[A-Za-z]{3}");
    assertThat(render("{{randAlphaNum 5}}")).matches("[A-Za-z0-9]{5}");
    assertThat(render("{{upper \"usd\"}} {{lower `EUR`}}")).isEqualTo("USD eur");
  }

  @Test
  void pipes_pass_the_value_as_the_last_argument() {
    assertThat(render("{{.RequestNumber | printf \"%05d\"}}")).isEqualTo("00042");
    assertThat(render("{{.RequestNumber | add 8 | mod 7}}")).isEqualTo("7");
  }

  @Test
  void a_niladic_function_named_as_an_argument_is_called() {
    assertThat(render("{{printf \"%s\" newUUID}}")).hasSize(36);
  }

  @Test
  void variables_hold_a_value_for_later_actions() {
    assertThat(render("{{$a := randomInt 0 1000}}{{$a}}={{$a}}")).matches("(\\d+)=\\1");
  }

  @Test
  void trim_markers_and_comments_work_as_in_go() {
    assertThat(render("a  {{- .RequestNumber -}}  b")).isEqualTo("a42b");
    assertThat(render("a{{/* a comment */}}b")).isEqualTo("ab");
    assertThat(render("{{-3}}")).isEqualTo("-3");
  }

  @Test
  void parse_errors_name_the_problem() {
    assertThatThrownBy(() -> Template.parse("{{randomInt 0 9")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> Template.parse("{{nosuch 1}}")).hasMessageContaining("\"nosuch\" is not defined")
        .hasMessageContaining("randomInt");
    assertThatThrownBy(() -> Template.parse("{{randomInt 1}}")).hasMessageContaining("randomInt takes 2 argument(s), got 1");
    assertThatThrownBy(() -> Template.parse("{{.Nope}}")).hasMessageContaining("unknown call data field .Nope");
    assertThatThrownBy(() -> Template.parse("{{$x}}")).hasMessageContaining("undefined variable $x");
    assertThatThrownBy(() -> Template.parse("{{.RequestNumber 5}}")).hasMessageContaining("non-function");
    assertThatThrownBy(() -> Template.parse("{{}}")).hasMessageContaining("empty action");
    assertThatThrownBy(() -> Template.parse("{{add 1 randomInt}}")).hasMessageContaining("parentheses");
  }

  @Test
  void a_close_brace_pair_inside_a_quoted_string_does_not_end_the_action() {
    assertThat(render("{{printf \"%s}}\" \"x\"}}")).isEqualTo("x}}");
  }
}
