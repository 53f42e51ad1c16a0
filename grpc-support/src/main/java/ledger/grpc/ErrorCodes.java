package ledger.grpc;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.Reason;

/**
 * The one table from reasons to gRPC status codes. Every failure a caller sees goes through
 * it, whichever service answered; the switch has no default, so a new reason does not
 * compile until it has its code here (and ErrorTableTest holds the README's table to it).
 */
public final class ErrorCodes {

  private ErrorCodes() {
  }

  public static GrpcStatus statusOf(Reason reason) {
    return switch (reason) {
      case INVALID_ACCOUNT_ID, INVALID_COMMAND_ID, INVALID_CURRENCY, INVALID_AMOUNT, INVALID_OVERDRAFT_LIMIT,
          INVALID_REFERENCE, INVALID_REASON, SELF_TRANSFER, BALANCE_OVERFLOW, INVALID_TOKEN, COMMAND_ID_REUSED,
          INVALID_PAGE_SIZE, INVALID_PAGE_TOKEN, INVALID_VERSION, INVALID_POINT, INVALID_TIMESTAMP, MALFORMED_REQUEST ->
          GrpcStatus.INVALID_ARGUMENT;
      case ACCOUNT_NOT_FOUND -> GrpcStatus.NOT_FOUND;
      case ACCOUNT_ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
      case INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, ACCOUNT_FROZEN, ACCOUNT_CLOSED, NON_ZERO_BALANCE, EVENT_UNREADABLE,
          NOT_THE_WRITER ->
          GrpcStatus.FAILED_PRECONDITION;
      case VERSION_NOT_REACHED -> GrpcStatus.OUT_OF_RANGE;
      case VERSION_MISMATCH, CONCURRENCY_CONFLICT -> GrpcStatus.ABORTED;
      case CONSISTENCY_WAIT_TIMEOUT -> GrpcStatus.DEADLINE_EXCEEDED;
      case BACKEND_UNAVAILABLE, VIEW_DEGRADED, SHUTTING_DOWN -> GrpcStatus.UNAVAILABLE;
      case UNSUPPORTED_ENCODING -> GrpcStatus.UNIMPLEMENTED;
      case TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_INVALID -> GrpcStatus.UNAUTHENTICATED;
      case MISSING_SCOPE, ACCOUNT_NOT_ALLOWED -> GrpcStatus.PERMISSION_DENIED;
      case MESSAGE_TOO_LARGE, RATE_LIMITED, TOO_MANY_STREAMS, APPEND_QUEUE_FULL, STREAM_TOO_SLOW ->
          GrpcStatus.RESOURCE_EXHAUSTED;
      case INTERNAL -> GrpcStatus.INTERNAL;
    };
  }
}
