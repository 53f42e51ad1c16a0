package ledger.load.template;

import static ledger.load.template.TemplateTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DataTemplateTest {

  @Test
  void renders_each_string_and_keeps_numbers_booleans_and_nesting() {
    DataTemplate data = DataTemplate.compile(List.of(new JsonObject("""
        {"command_id": "dep-{{.RequestNumber}}", "amount_minor": 125, "flag": true, "none": null,
         "nested": {"ids": ["a-{{.WorkerID}}", 2]}}
        """)));
    JsonObject out = new JsonObject(data.render(call(9, "g1c0"), new Random()));
    assertThat(out.getString("command_id")).isEqualTo("dep-9");
    assertThat(out.getInteger("amount_minor")).isEqualTo(125);
    assertThat(out.getBoolean("flag")).isTrue();
    assertThat(out.containsKey("none")).isTrue();
    assertThat(out.getJsonObject("nested").getJsonArray("ids").getString(0)).isEqualTo("a-g1c0");
    assertThat(out.getJsonObject("nested").getJsonArray("ids").getInteger(1)).isEqualTo(2);
  }

  @Test
  void an_amount_can_be_a_template_string_as_proto3_json_allows_for_int64() {
    DataTemplate data = DataTemplate.compile(List.of(new JsonObject("{\"amount_minor\": \"{{randomInt 1 2}}\"}")));
    assertThat(data.render(call(0, "g0c0"), new Random())).isEqualTo("{\"amount_minor\":\"1\"}");
  }

  @Test
  void messages_of_an_array_are_used_round_robin_by_request_number() {
    DataTemplate data = DataTemplate.compile(List.of(new JsonObject("{\"n\": \"a\"}"), new JsonObject("{\"n\": \"b\"}"),
        new JsonObject("{\"n\": \"c\"}")));
    assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> new JsonObject(data.render(call(i, "g"), new Random()))
        .getString("n")).toList()).containsExactly("a", "b", "c", "a", "b");
    assertThat(data.size()).isEqualTo(3);
  }

  @Test
  void rendered_values_are_escaped_so_the_json_stays_valid() {
    DataTemplate data = DataTemplate.compile(List.of(new JsonObject("{\"reference\": \"{{printf \\\"%s\\\" \\\"q\\\\\\\"x\\\"}}\\n\"}")));
    String json = data.render(call(0, "g"), new Random());
    assertThat(new JsonObject(json).getString("reference")).isEqualTo("q\"x\n");
  }

  @Test
  void knows_when_every_call_gets_the_same_message() {
    assertThat(DataTemplate.compile(List.of(new JsonObject("{\"account_id\": \"acc-1\"}"))).isConstant()).isTrue();
    assertThat(DataTemplate.compile(List.of(new JsonObject("{\"account_id\": \"acc-{{randomInt 0 9}}\"}"))).isConstant())
        .isFalse();
    assertThat(DataTemplate.compile(List.of(new JsonObject("{\"a\": 1}"), new JsonObject("{\"a\": 2}"))).isConstant())
        .isFalse();
  }

  @Test
  void variables_carry_from_one_field_to_the_next_in_file_order() {
    DataTemplate data = DataTemplate.compile(List.of(new JsonObject(
        "{\"from_account_id\": \"acc-{{$n := randomInt 0 500}}{{$n}}\", \"to_account_id\": \"acc-{{add $n 500}}\"}")));
    JsonObject out = new JsonObject(data.render(call(0, "g"), new Random(11)));
    int from = Integer.parseInt(out.getString("from_account_id").substring(4));
    assertThat(out.getString("to_account_id")).isEqualTo("acc-" + (from + 500));
  }

  @Test
  void a_bad_template_names_the_message() {
    assertThatThrownBy(() -> DataTemplate.compile(List.of(new JsonObject("{\"a\": \"x\"}"),
        new JsonObject("{\"a\": \"{{nosuch}}\"}")))).hasMessageStartingWith("data[1]: ");
  }
}
