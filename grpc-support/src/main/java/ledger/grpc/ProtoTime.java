package ledger.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Instants to and from google.protobuf.Timestamp, to the nanosecond. */
public final class ProtoTime {

  private ProtoTime() {
  }

  public static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }

  public static Instant instant(Timestamp at) {
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }
}
