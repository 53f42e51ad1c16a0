package ledger.domain;

/**
 * Why a command was refused. The names travel to clients as the machine-readable
 * reason of the error (google.rpc.ErrorInfo), so they are part of the contract.
 */
public enum Reason {
  // The command on its own is malformed.
  INVALID_ACCOUNT_ID,
  INVALID_COMMAND_ID,
  INVALID_CURRENCY,
  INVALID_AMOUNT,
  INVALID_OVERDRAFT_LIMIT,
  INVALID_REFERENCE,
  INVALID_REASON,
  SELF_TRANSFER,
  // The command does not fit the account's state.
  BALANCE_OVERFLOW,
  ACCOUNT_NOT_FOUND,
  ACCOUNT_ALREADY_EXISTS,
  INSUFFICIENT_FUNDS,
  CURRENCY_MISMATCH,
  ACCOUNT_FROZEN,
  ACCOUNT_CLOSED,
  NON_ZERO_BALANCE,
  VERSION_MISMATCH
}
