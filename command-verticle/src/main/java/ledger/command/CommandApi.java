package ledger.command;

import java.util.Map;
import java.util.OptionalLong;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.grpc.server.Service;
import ledger.domain.AccountCommand.CloseAccount;
import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.FreezeAccount;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.UnfreezeAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.domain.LedgerCommand;
import ledger.domain.Transfer;
import ledger.grpc.CallContext;
import ledger.grpc.Rpc;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcService;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.StreamVersion;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/** ledger.v1.CommandService: requests into validated commands, outcomes into CommandResults. */
public final class CommandApi {

  private final CommandHandler handler;

  public CommandApi(CommandHandler handler) {
    this.handler = handler;
  }

  public Service service(Rpc rpc) {
    return Service.service(CommandServiceGrpcService.SERVICE_NAME, CommandServiceGrpcService.SERVICE_DESCRIPTOR)
        .bind(CommandServiceGrpcService.OpenAccount,
            rpc.unary(CommandServiceGrpcService.OpenAccount, this::openAccount))
        .bind(CommandServiceGrpcService.Deposit,
            rpc.unary(CommandServiceGrpcService.Deposit, this::deposit))
        .bind(CommandServiceGrpcService.Withdraw,
            rpc.unary(CommandServiceGrpcService.Withdraw, this::withdraw))
        .bind(CommandServiceGrpcService.Transfer,
            rpc.unary(CommandServiceGrpcService.Transfer, this::transfer))
        .bind(CommandServiceGrpcService.FreezeAccount,
            rpc.unary(CommandServiceGrpcService.FreezeAccount, this::freeze))
        .bind(CommandServiceGrpcService.UnfreezeAccount,
            rpc.unary(CommandServiceGrpcService.UnfreezeAccount, this::unfreeze))
        .bind(CommandServiceGrpcService.CloseAccount,
            rpc.unary(CommandServiceGrpcService.CloseAccount, this::close))
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

  Future<CommandResult> transfer(TransferRequest request, CallContext context) {
    Transfer command = new Transfer(AccountId.of(request.getFromAccountId()), AccountId.of(request.getToAccountId()),
        request.getAmountMinor(), Currency.of(request.getCurrency()), request.getReference());
    return execute("Transfer", request.getCommandId(), request, command, context);
  }

  Future<CommandResult> freeze(FreezeAccountRequest request, CallContext context) {
    FreezeAccount command = new FreezeAccount(AccountId.of(request.getAccountId()), request.getReason(),
        request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty());
    return execute("FreezeAccount", request.getCommandId(), request, command, context);
  }

  Future<CommandResult> unfreeze(UnfreezeAccountRequest request, CallContext context) {
    UnfreezeAccount command = new UnfreezeAccount(AccountId.of(request.getAccountId()), request.getReason(),
        request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty());
    return execute("UnfreezeAccount", request.getCommandId(), request, command, context);
  }

  Future<CommandResult> close(CloseAccountRequest request, CallContext context) {
    CloseAccount command = new CloseAccount(AccountId.of(request.getAccountId()),
        request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty());
    return execute("CloseAccount", request.getCommandId(), request, command, context);
  }

  private Future<CommandResult> execute(String type, String commandId, Message request, LedgerCommand command,
                                        CallContext context) {
    // Before anything is loaded or appended: a refused command leaves no trace in the store.
    command.accounts().forEach(context.caller()::requireAccount);
    CommandRequest validated = new CommandRequest(CommandId.of(commandId), type,
        CommandRequest.fingerprint(type, request.toByteArray()), context.correlationId(), context.caller().subject(),
        command, context.trace());
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
