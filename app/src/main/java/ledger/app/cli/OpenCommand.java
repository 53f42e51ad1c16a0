package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.app.client.Money;
import ledger.domain.Currency;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "open", mixinStandardHelpOptions = true, description = "Opens an account.")
public final class OpenCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account id: 1-64 characters of A-Z a-z 0-9 . _ : -")
  String accountId;

  @Parameters(index = "1", description = "ISO-4217 currency, e.g. USD")
  String currency;

  @Option(names = "--overdraft", defaultValue = "0", description = "How far below zero the balance may go, e.g. 100.00")
  String overdraft;

  @Option(names = "--command-id", description = "Idempotency key; repeating it repeats nothing (default: a new one)")
  String commandId;

  @Override
  Future<String> execute(GrpcCalls calls) {
    Currency parsed = Currency.of(currency.toUpperCase(java.util.Locale.ROOT));
    OpenAccountRequest request = OpenAccountRequest.newBuilder()
        .setCommandId(commandId != null ? commandId : newCommandId())
        .setAccountId(accountId)
        .setCurrency(parsed.code())
        .setOverdraftLimitMinor(Money.parse(overdraft, parsed.minorDigits()))
        .build();
    return calls.unary(CommandServiceGrpcClient.OpenAccount, request).map(result -> Format.result(
        "opened " + accountId + " in " + parsed.code() + ", overdraft limit "
            + Format.money(request.getOverdraftLimitMinor(), parsed.code()), result));
  }
}
