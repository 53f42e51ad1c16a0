package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.internal.VertxInternal;
import io.vertx.sqlclient.Row;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracing off (the default): Vert.x has no tracer, and a caller's traceparent reaches no event. */
class TracingOffIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void tracing_off_installs_no_tracer_and_writes_no_traceparent_into_events() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(
        ClientInterceptors.intercept(fixture.channel, MetadataUtils.newAttachHeadersInterceptor(headers)));

    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-off").setAccountId("off")
        .setCurrency("USD").build());
    commands.deposit(DepositRequest.newBuilder().setCommandId("dep-off").setAccountId("off").setAmountMinor(5)
        .setCurrency("USD").build());

    assertThat(((VertxInternal) fixture.server.vertx()).tracer()).isNull();
    assertThat(fixture.audit().query("SELECT metadata::text AS metadata FROM ledger.events WHERE stream_id = $1",
        "off")).hasSize(2).allSatisfy(row -> assertThat(((Row) row).getString("metadata"))
        .doesNotContain("traceparent"));
  }
}
