package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.MethodTarget;
import ledger.v1.CommandServiceOuterClass;
import ledger.v1.QueryServiceOuterClass;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

  private static final MethodTarget TRANSFER = new MethodTarget(CommandServiceOuterClass.getDescriptor()
      .findServiceByName("CommandService").findMethodByName("Transfer"));
  private static final MethodTarget BALANCE_AT = new MethodTarget(QueryServiceOuterClass.getDescriptor()
      .findServiceByName("QueryService").findMethodByName("GetBalanceAt"));

  @Test
  void a_config_whose_fields_all_exist_has_no_problem() {
    assertThat(ConfigCheck.problems(GhzConfigParser.parse("""
        {"call": "ledger.v1.CommandService.Transfer", "insecure": true, "data": {"command_id": "t-{{newUUID}}",
         "from_account_id": "acc-1", "toAccountId": "acc-2", "amount_minor": "{{randomInt 1 9}}", "currency": "USD"}}
        """, "t"), TRANSFER)).isEmpty();
  }

  @Test
  void names_each_field_the_message_does_not_have() {
    assertThat(ConfigCheck.problems(GhzConfigParser.parse("""
        {"call": "ledger.v1.CommandService.Transfer", "insecure": true,
         "data": [{"from_account": "acc-1"}, {"amount": 5}]}
        """, "t"), TRANSFER))
        .anySatisfy(p -> assertThat(p).startsWith("data[0].from_account: ledger.v1.TransferRequest has no field"))
        .anySatisfy(p -> assertThat(p).startsWith("data[1].amount:"));
  }

  @Test
  void well_known_types_are_taken_as_values() {
    assertThat(ConfigCheck.problems(GhzConfigParser.parse("""
        {"call": "ledger.v1.QueryService.GetBalanceAt", "insecure": true,
         "data": {"account_id": "acc-1", "as_of": "2024-01-01T00:00:00Z"}}
        """, "t"), BALANCE_AT)).isEmpty();
  }

  @Test
  void a_value_of_the_wrong_type_is_a_problem_too() {
    assertThat(ConfigCheck.problems(GhzConfigParser.parse("""
        {"call": "ledger.v1.CommandService.Transfer", "insecure": true, "data": {"amount_minor": "lots"}}
        """, "t"), TRANSFER)).singleElement().asString().contains("lots");
  }
}
