package ledger.load.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import ledger.load.template.MethodInfo;

/** The method a run calls, as the server described it through reflection. */
public record MethodTarget(MethodDescriptor descriptor) {

  /** The HTTP/2 path form, "ledger.v1.CommandService/Deposit". */
  public String fullMethodName() {
    return descriptor.getService().getFullName() + "/" + descriptor.getName();
  }

  public Descriptor input() {
    return descriptor.getInputType();
  }

  public Descriptor output() {
    return descriptor.getOutputType();
  }

  public boolean serverStreaming() {
    return descriptor.isServerStreaming();
  }

  public boolean clientStreaming() {
    return descriptor.isClientStreaming();
  }

  /** What ghz's template data says about the call. */
  public MethodInfo info() {
    return new MethodInfo(descriptor.getFullName(), descriptor.getName(), descriptor.getService().getName(),
        input().getName(), output().getName(), clientStreaming(), serverStreaming());
  }
}
