package ledger.command;

import java.util.Map;
import java.util.OptionalLong;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.grpc.server.Service;
import ledger.api.CallContext;
import ledger.api.Rpc;
import ledger.domain.AccountCommand;
import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcService;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.StreamVersion;
import ledger.v1.WithdrawRequest;

/** ledger.v1.CommandService: requests into validated commands, outcomes into CommandResults. */
public final class CommandApi {

  private final CommandHandler handler;

  public CommandApi(CommandHandler handler) {
    this.handler = handler;
  }

  public Service service(Rpc rpc) {
    return Service.service(CommandServiceGrpcService.SERVICE_NAME, CommandServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(CommandServiceGrpcService.OpenAccount, rpc.unary("OpenAccount", this::openAccount))
        .bind(CommandServiceGrpcService.Deposit, rpc.unary("Deposit", this::deposit))
        .bind(CommandServiceGrpcService.Withdraw, rpc.unary("Withdraw", this::withdraw))
        .build();
  }

  Future<CommandResult> openAccount(OpenAccountRequest request, CallContext context) {
    OpenAccount command = new OpenAccount(AccountId.of(request.getAccountId()), Currency.of(request.getCurrency()),
        request.getOverdraftLimitMinor());
    return execute("OpenAccount", request.getCommandId(), request, command, context);
  }

  Future<CommandResult> deposit(DepositRequest request, CallContext context) {
    Deposit command = new Deposit(AccountId.of(request.getAccountId()), request.getAmountMinor(),
        Currency.of(request.getCurrency()), request.getReference(),
        request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty());
    return execute("Deposit", request.getCommandId(), request, command, context);
  }

  Future<CommandResult> withdraw(WithdrawRequest request, CallContext context) {
    Withdraw command = new Withdraw(AccountId.of(request.getAccountId()), request.getAmountMinor(),
        Currency.of(request.getCurrency()), request.getReference(),
        request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty());
    return execute("Withdraw", request.getCommandId(), request, command, context);
  }

  private Future<CommandResult> execute(String type, String commandId, Message request, AccountCommand command,
                                        CallContext context) {
    CommandRequest validated = new CommandRequest(CommandId.of(commandId), type,
        CommandRequest.fingerprint(type, request.toByteArray()), context.correlationId(), command);
    return handler.execute(validated).map(CommandApi::toResult);
  }

  static CommandResult toResult(CommandOutcome outcome) {
    CommandResult.Builder result = CommandResult.newBuilder()
        .setConsistencyToken(outcome.token().encode())
        .setGlobalPosition(outcome.commitPoint().globalPosition())
        .setDeduplicated(outcome.deduplicated())
        .setEventsAppended(outcome.eventsAppended());
    for (Map.Entry<AccountId, Long> version : outcome.versions().entrySet()) {
      result.addVersions(StreamVersion.newBuilder().setAccountId(version.getKey().value()).setVersion(version.getValue()));
    }
    return result.build();
  }
}
