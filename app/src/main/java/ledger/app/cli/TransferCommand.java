package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.app.client.Money;
import ledger.domain.Currency;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.TransferRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = "Moves money from one account to another of the same currency, both or neither.")
public final class TransferCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account to debit")
  String from;

  @Parameters(index = "1", description = "Account to credit")
  String to;

  @Parameters(index = "2", description = "Amount as a decimal, e.g. 12.50")
  String amount;

  @Option(names = "--currency", description = "The accounts' currency (default: looked up with a balance read of the payer)")
  String currency;

  @Option(names = "--reference", defaultValue = "", description = "Free text kept with both events, up to 256 characters")
  String reference;

  @Option(names = "--command-id", description = "Idempotency key; repeating it repeats nothing (default: a new one)")
  String commandId;

  @Override
  Future<String> execute(GrpcCalls calls) {
    return AccountCurrency.of(calls, from, currency).compose(code -> {
      long minor = Money.parse(amount, Currency.of(code).minorDigits());
      TransferRequest request = TransferRequest.newBuilder()
          .setCommandId(commandId != null ? commandId : newCommandId())
          .setFromAccountId(from).setToAccountId(to)
          .setAmountMinor(minor).setCurrency(code).setReference(reference)
          .build();
      return calls.unary(CommandServiceGrpcClient.Transfer, request).map(result -> Format.result(
          "transferred " + Format.money(minor, code) + " from " + from + " to " + to, result));
    });
  }
}
