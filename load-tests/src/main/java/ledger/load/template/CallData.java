package ledger.load.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * ghz's template data for one call (https://ghz.sh/docs/calldata): the same values for every
 * field of that call's message.
 *
 * @param workerId      "g{worker}c{connection}", prefixed with "{name}:" when the run has a name
 * @param requestNumber 0, 1, 2, ... across all workers, in the order calls are started
 * @param epochNanos    when the call was made, nanoseconds since the epoch
 * @param uuid          a v4 UUID of this call
 */
public record CallData(String workerId, long requestNumber, MethodInfo method, long epochNanos, String uuid) {

  /** The names {@code {{.Name}}} can use. */
  public static final List<String> FIELDS = List.of("WorkerID", "RequestNumber", "FullyQualifiedName", "MethodName",
      "ServiceName", "InputName", "OutputName", "IsClientStreaming", "IsServerStreaming", "Timestamp",
      "TimestampUnix", "TimestampUnixMilli", "TimestampUnixNano", "UUID");

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  public Object field(String name) {
    return switch (name) {
      case "WorkerID" -> workerId;
      case "RequestNumber" -> requestNumber;
      case "FullyQualifiedName" -> method.fullyQualifiedName();
      case "MethodName" -> method.methodName();
      case "ServiceName" -> method.serviceName();
      case "InputName" -> method.inputName();
      case "OutputName" -> method.outputName();
      case "IsClientStreaming" -> method.clientStreaming();
      case "IsServerStreaming" -> method.serverStreaming();
      case "Timestamp" -> Instant.ofEpochSecond(0, epochNanos).truncatedTo(ChronoUnit.SECONDS)
          .atOffset(ZoneOffset.UTC).format(RFC3339);
      case "TimestampUnix" -> Math.floorDiv(epochNanos, 1_000_000_000L);
      case "TimestampUnixMilli" -> Math.floorDiv(epochNanos, 1_000_000L);
      case "TimestampUnixNano" -> epochNanos;
      case "UUID" -> uuid;
      default -> throw new TemplateException("unknown call data field ." + name + "; known: " + FIELDS);
    };
  }
}
