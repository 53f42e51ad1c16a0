package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.app.client.Money;
import ledger.domain.Currency;
import ledger.v1.CommandResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** deposit and withdraw: the same arguments, a different call. */
abstract class PostingCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Parameters(index = "1", description = "Amount as a decimal in the account's currency, e.g. 12.50")
  String amount;

  @Option(names = "--currency", description = "The account's currency (default: looked up with a balance read)")
  String currency;

  @Option(names = "--reference", defaultValue = "", description = "Free text kept with the event, up to 256 characters")
  String reference;

  @Option(names = "--expected-version", description = "Refuse (ABORTED) unless the account is at exactly this version")
  Long expectedVersion;

  @Option(names = "--command-id", description = "Idempotency key; repeating it repeats nothing (default: a new one)")
  String commandId;

  abstract String verb();

  abstract Future<CommandResult> post(GrpcCalls calls, String currency, long amountMinor, String commandId);

  @Override
  Future<String> execute(GrpcCalls calls) {
    return AccountCurrency.of(calls, accountId, currency).compose(code -> {
      long minor = Money.parse(amount, Currency.of(code).minorDigits());
      String id = commandId != null ? commandId : newCommandId();
      return post(calls, code, minor, id).map(result ->
          Format.result(verb() + " " + Format.money(minor, code) + (verb().equals("deposited") ? " to " : " from ")
              + accountId, result));
    });
  }
}
