package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import org.junit.jupiter.api.Test;

/** What a call's log line takes from its request: the id fields only, shown so they cannot forge a line. */
class CallLogTest {

  private static final Descriptor REQUEST = request();

  @Test
  void an_id_is_taken_as_it_is_and_an_empty_or_missing_one_not_at_all() {
    assertThat(CallLog.field(message("acc-1"), "account_id")).isEqualTo("acc-1");
    assertThat(CallLog.field(message(""), "account_id")).isNull();
    assertThat(CallLog.field(message("acc-1"), "command_id")).isNull();
    assertThat(CallLog.field(message("acc-1"), "amount_minor")).isNull();
    assertThat(CallLog.field("not a message", "account_id")).isNull();
  }

  @Test
  void an_id_not_yet_validated_is_cut_and_cannot_break_a_line() {
    assertThat(CallLog.field(message("acc\n12:00:00.000 INFO  forged"), "account_id"))
        .isEqualTo("acc?12:00:00.000 INFO  forged");
    assertThat(CallLog.field(message("x".repeat(5000)), "account_id"))
        .isEqualTo("x".repeat(CallLog.MAX_ID_CHARS) + "...");
  }

  private static DynamicMessage message(String accountId) {
    return DynamicMessage.newBuilder(REQUEST).setField(REQUEST.findFieldByName("account_id"), accountId)
        .setField(REQUEST.findFieldByName("amount_minor"), 5L).build();
  }

  private static Descriptor request() {
    DescriptorProto type = DescriptorProto.newBuilder().setName("Request")
        .addField(FieldDescriptorProto.newBuilder().setName("account_id").setNumber(1)
            .setType(FieldDescriptorProto.Type.TYPE_STRING))
        .addField(FieldDescriptorProto.newBuilder().setName("amount_minor").setNumber(2)
            .setType(FieldDescriptorProto.Type.TYPE_INT64))
        .build();
    try {
      return FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("call_log_test.proto")
          .setSyntax("proto3").addMessageType(type).build(), new FileDescriptor[0]).findMessageTypeByName("Request");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }
}
