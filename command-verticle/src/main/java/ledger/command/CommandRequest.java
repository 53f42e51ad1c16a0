package ledger.command;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;

import io.opentelemetry.context.Context;
import ledger.domain.LedgerCommand;
import ledger.domain.CommandId;

/**
 * A validated command as the handler takes it. The fingerprint identifies the request
 * (its rpc and every field), so a reused command id can be told from an honest retry. The
 * subject is who asks (the caller's authenticated subject, null when anonymous): it is stored
 * with the command and its events, and only that subject may repeat the command id. The trace is
 * the call's (its server span), null when tracing is off.
 */
public record CommandRequest(CommandId commandId, String commandType, byte[] fingerprint, String correlationId,
                             String subject, LedgerCommand command, Context trace) {

  /** An untraced command. */
  public CommandRequest(CommandId commandId, String commandType, byte[] fingerprint, String correlationId,
                        String subject, LedgerCommand command) {
    this(commandId, commandType, fingerprint, correlationId, subject, command, null);
  }

  public static byte[] fingerprint(String commandType, byte[] requestBytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(commandType.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      return digest.digest(requestBytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
