package ledger.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/**
 * A StreamBalance caller as the contract asks it to behave: when the stream ends UNAVAILABLE it
 * opens it again with from_version = the last version it saw + 1. It keeps every version it
 * received, in order, so a test can see that nothing was missed or repeated across the resumes.
 */
final class ResumingBalanceStream {

  private final ManagedChannel channel;
  private final String account;
  private final ScheduledExecutorService retries;
  private final List<Long> versions = new ArrayList<>();
  private final Map<String, Integer> endings = new TreeMap<>();
  private volatile boolean closed;

  ResumingBalanceStream(ManagedChannel channel, String account, ScheduledExecutorService retries) {
    this.channel = channel;
    this.account = account;
    this.retries = retries;
  }

  void open() {
    StreamBalanceRequest.Builder request = StreamBalanceRequest.newBuilder().setAccountId(account);
    synchronized (this) {
      if (!versions.isEmpty()) {
        request.setFromVersion(versions.get(versions.size() - 1) + 1);
      }
    }
    QueryServiceGrpc.newStub(channel).streamBalance(request.build(), new Observer());
  }

  /** The observer of one attempt: a resumed stream is a new call with a new observer. */
  private final class Observer implements StreamObserver<BalanceUpdate> {
    @Override
    public void onNext(BalanceUpdate update) {
      ResumingBalanceStream.this.onNext(update);
    }

    @Override
    public void onError(Throwable failure) {
      ResumingBalanceStream.this.onError(failure);
    }

    @Override
    public void onCompleted() {
      ResumingBalanceStream.this.onCompleted();
    }
  }

  private synchronized void onNext(BalanceUpdate update) {
    versions.add(update.getBalance().getVersion());
  }

  private void onError(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String reason = failure instanceof StatusRuntimeException e ? MoneyClients.reasonOf(e) : null;
    synchronized (this) {
      endings.merge(status.getCode() + (reason == null ? "" : " " + reason), 1, Integer::sum);
    }
    if (!closed && status.getCode() == Status.Code.UNAVAILABLE) {
      retries.schedule(this::open, 100, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void onCompleted() {
    endings.merge("completed", 1, Integer::sum);
  }

  void close() {
    closed = true;
  }

  String account() {
    return account;
  }

  synchronized long lastVersion() {
    return versions.isEmpty() ? -1 : versions.get(versions.size() - 1);
  }

  synchronized List<Long> versions() {
    return List.copyOf(versions);
  }

  /** How each attempt ended ("UNAVAILABLE SHUTTING_DOWN": 1, ...). */
  synchronized Map<String, Integer> endings() {
    return new TreeMap<>(endings);
  }
}
