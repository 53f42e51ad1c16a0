package ledger.app.server;

import ledger.grpc.CallLimits;
import ledger.grpc.CommandRateLimit;
import ledger.grpc.LimitObserver;
import ledger.grpc.ServerDrain;
import ledger.grpc.StreamLimit;

/**
 * The process's per-caller limits, made once so that every service and event loop counts a
 * caller's calls together: the command rate for the CommandService, the open streams for
 * every service that streams (QueryService and AdminService).
 */
final class ProcessLimits {

  private final CallLimits commands;
  private final CallLimits streaming;

  /** {@code drain}: the process's stop, after which every service refuses new calls (and ends its streams). */
  ProcessLimits(LimitSettings settings, LimitObserver refusals, ServerDrain drain) {
    CommandRateLimit rate = settings.rateLimited()
        ? new CommandRateLimit(settings.commandRate(), settings.effectiveBurst(),
            LimitSettings.MAX_RATE_LIMITED_CALLERS)
        : null;
    this.commands = new CallLimits(rate, null, refusals, drain);
    this.streaming = new CallLimits(null, new StreamLimit(settings.maxStreamsPerCaller()), refusals, drain);
  }

  CallLimits commands() {
    return commands;
  }

  CallLimits streaming() {
    return streaming;
  }
}
