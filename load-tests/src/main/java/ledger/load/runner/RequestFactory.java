package ledger.load.runner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.buffer.Buffer;
import ledger.load.config.GhzConfig;
import ledger.load.grpc.MethodTarget;
import ledger.load.template.CallData;
import ledger.load.template.DataTemplate;
import ledger.load.template.Template;
import ledger.load.template.TemplateException;

/**
 * Turns a config's {@code data} and {@code metadata} into each call's request: render the
 * templates with the call's data, read the JSON as the method's input message (proto3 JSON
 * mapping, so an int64 may be a number or a string), serialise it. When nothing varies the
 * request is built once.
 */
public final class RequestFactory {

  /** One call's request: the serialised message and the metadata headers. */
  public record Request(Buffer payload, Map<String, String> metadata) {
  }

  private static final JsonFormat.Parser JSON = JsonFormat.parser();

  private final MethodTarget method;
  private final DataTemplate data;
  private final Map<String, Template> metadata;
  private final String namePrefix;
  private final Request constant;

  public RequestFactory(GhzConfig config, MethodTarget method) {
    this.method = method;
    this.data = DataTemplate.compile(config.data());
    this.metadata = DataTemplate.compileStrings(config.metadata());
    this.namePrefix = config.name() == null || config.name().isEmpty() ? "" : config.name() + ":";
    boolean fixed = data.isConstant() && metadata.values().stream().allMatch(Template::isConstant);
    this.constant = fixed ? build(0, workerId(0, 0), RandomGenerator.getDefault()) : null;
  }

  /** ghz's worker id: "g{worker}c{connection}", after the run's name and a colon when it has one. */
  public String workerId(int worker, int connection) {
    return namePrefix + "g" + worker + "c" + connection;
  }

  /** @throws RequestException when a template fails or the JSON does not fit the input message */
  public Request build(long requestNumber, String workerId, RandomGenerator random) {
    if (constant != null) {
      return constant;
    }
    Instant now = Instant.now();
    CallData call = new CallData(workerId, requestNumber, method.info(),
        now.getEpochSecond() * 1_000_000_000L + now.getNano(), uuid(random));
    String json;
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      json = data.render(call, random);
      metadata.forEach((k, v) -> headers.put(k, v.render(call, random)));
    } catch (TemplateException e) {
      throw new RequestException("request " + requestNumber + ": " + e.getMessage(), e);
    }
    DynamicMessage.Builder message = DynamicMessage.newBuilder(method.input());
    try {
      JSON.merge(json, message);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new RequestException("request " + requestNumber + " does not fit " + method.input().getFullName() + ": "
          + e.getMessage() + " (JSON: " + json + ")", e);
    }
    return new Request(Buffer.buffer(message.build().toByteArray()), headers);
  }

  private static String uuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
