package ledger.app;

import static ledger.testkit.Waits.until;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import ledger.testkit.GrpcJava;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/**
 * A grpc-java StreamBalance caller that takes the first message and then stops reading
 * (manual flow control: {@code disableAutoRequestWithInitial(1)}, no {@code request()}), on a channel
 * of its own whose HTTP/2 window is {@link #WINDOW_BYTES}, so the server's transport for the
 * stream fills after a few dozen changes. {@link #readAll()} makes it read again.
 */
final class PausedWatcher implements ClientResponseObserver<StreamBalanceRequest, BalanceUpdate>, AutoCloseable {

  /** grpc-java takes any positive window; this one holds a few dozen updates. Setting one turns BDP tuning off. */
  static final int WINDOW_BYTES = 4 * 1024;

  final List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
  final AtomicReference<Throwable> ended = new AtomicReference<>();
  private final ManagedChannel channel;
  private volatile ClientCallStreamObserver<StreamBalanceRequest> call;

  private PausedWatcher(ManagedChannel channel) {
    this.channel = channel;
  }

  static PausedWatcher start(int port, String account) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .flowControlWindow(WINDOW_BYTES).build();
    PausedWatcher watcher = new PausedWatcher(channel);
    QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId(account).build(),
        watcher);
    until("the first message", Duration.ofSeconds(20), watcher.updates::size, n -> n >= 1);
    return watcher;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<StreamBalanceRequest> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(1);
  }

  @Override
  public void onNext(BalanceUpdate update) {
    updates.add(update);
  }

  @Override
  public void onError(Throwable failure) {
    ended.set(failure);
  }

  @Override
  public void onCompleted() {
    ended.set(new AssertionError("the stream completed"));
  }

  /** Its channel: one connection, with the small window. */
  ManagedChannel channel() {
    return channel;
  }

  /** Reads again: every message the transport holds, and the status after them. */
  void readAll() {
    call.request(Integer.MAX_VALUE);
  }

  long lastVersion() {
    return updates.get(updates.size() - 1).getBalance().getVersion();
  }

  Status status() {
    return Status.fromThrowable(ended.get());
  }

  ErrorInfo errorInfo() {
    return detail(ErrorInfo.class);
  }

  RetryInfo retryInfo() {
    return detail(RetryInfo.class);
  }

  private <T extends com.google.protobuf.Message> T detail(Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(ended.get());
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(type)) {
        try {
          return detail.unpack(type);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    GrpcJava.close(channel);
  }
}
