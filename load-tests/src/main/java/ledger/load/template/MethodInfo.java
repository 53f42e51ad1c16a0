package ledger.load.template;

/** What ghz's call data says about the method being called. */
public record MethodInfo(String fullyQualifiedName, String methodName, String serviceName, String inputName,
                         String outputName, boolean clientStreaming, boolean serverStreaming) {
}
