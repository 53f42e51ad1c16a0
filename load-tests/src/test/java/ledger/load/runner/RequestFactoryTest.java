package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.MethodTarget;
import ledger.v1.CommandServiceOuterClass;
import ledger.v1.DepositRequest;
import org.junit.jupiter.api.Test;

class RequestFactoryTest {

  static final MethodTarget DEPOSIT = new MethodTarget(CommandServiceOuterClass.getDescriptor()
      .findServiceByName("CommandService").findMethodByName("Deposit"));

  private static GhzConfig config(String data, String extra) {
    return GhzConfigParser.parse("{\"call\": \"ledger.v1.CommandService.Deposit\", \"host\": \"127.0.0.1:1\","
        + " \"insecure\": true, \"data\": " + data + extra + "}", "deposit");
  }

  @Test
  void renders_the_templates_into_the_input_message_int64_as_string_or_number() throws Exception {
    RequestFactory f = new RequestFactory(config("""
        {"command_id": "dep-{{.RequestNumber}}", "account_id": "acc-{{randomInt 0 10}}",
         "amount_minor": "{{randomInt 100 101}}", "currency": "USD", "expected_version": 3}""", ""), DEPOSIT);
    DepositRequest r = DepositRequest.parseFrom(f.build(17, f.workerId(2, 0), new Random(1)).payload().getBytes());
    assertThat(r.getCommandId()).isEqualTo("dep-17");
    assertThat(r.getAccountId()).matches("acc-[0-9]");
    assertThat(r.getAmountMinor()).isEqualTo(100);
    assertThat(r.getCurrency()).isEqualTo("USD");
    assertThat(r.getExpectedVersion()).isEqualTo(3);
  }

  @Test
  void accepts_json_names_as_well_as_proto_names() throws Exception {
    RequestFactory f = new RequestFactory(config("{\"accountId\": \"a\", \"amountMinor\": 5}", ""), DEPOSIT);
    DepositRequest r = DepositRequest.parseFrom(f.build(0, "w", new Random()).payload().getBytes());
    assertThat(r.getAccountId()).isEqualTo("a");
    assertThat(r.getAmountMinor()).isEqualTo(5);
  }

  @Test
  void worker_ids_follow_ghz_with_the_run_name_in_front() {
    RequestFactory named = new RequestFactory(config("{}", ", \"name\": \"dep\""), DEPOSIT);
    assertThat(named.workerId(3, 1)).isEqualTo("dep:g3c1");
    RequestFactory unnamed = new RequestFactory(GhzConfigParser.parse(
        "{\"call\": \"a.B.C\", \"insecure\": true, \"name\": \"\"}", ""), DEPOSIT);
    assertThat(unnamed.workerId(0, 0)).isEqualTo("g0c0");
  }

  @Test
  void metadata_values_are_templates_too() {
    RequestFactory f = new RequestFactory(config("{}", ", \"metadata\": {\"x-request\": \"r{{.RequestNumber}}\"}"), DEPOSIT);
    assertThat(f.build(5, "w", new Random()).metadata()).containsEntry("x-request", "r5");
  }

  @Test
  void data_that_does_not_fit_the_message_is_refused_with_the_field() {
    // a message without templates is built once, up front, so the mistake shows before any call
    assertThatThrownBy(() -> new RequestFactory(config("{\"acount_id\": \"a\"}", ""), DEPOSIT))
        .isInstanceOf(RequestException.class)
        .hasMessageContaining("acount_id").hasMessageContaining("ledger.v1.DepositRequest");
    RequestFactory wrongType = new RequestFactory(config("{\"amount_minor\": \"{{.RequestNumber}}x\"}", ""), DEPOSIT);
    assertThatThrownBy(() -> wrongType.build(0, "w", new Random())).isInstanceOf(RequestException.class)
        .hasMessageContaining("0x");
  }

  @Test
  void a_message_without_templates_is_built_once() {
    RequestFactory f = new RequestFactory(config("{\"account_id\": \"acc-1\"}", ""), DEPOSIT);
    assertThat(f.build(1, "w", new Random())).isSameAs(f.build(2, "w", new Random()));
  }
}
