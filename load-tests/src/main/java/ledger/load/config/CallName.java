package ledger.load.config;

/**
 * A fully-qualified method name as ghz takes it: "package.Service/Method" or
 * "package.Service.Method".
 */
public record CallName(String service, String method) {

  public static CallName parse(String call) {
    String c = call == null ? "" : call.trim();
    int slash = c.lastIndexOf('/');
    int cut = slash >= 0 ? slash : c.lastIndexOf('.');
    if (cut <= 0 || cut == c.length() - 1 || c.substring(0, cut).contains("/")) {
      throw new ConfigException("call must be \"package.Service/Method\" or \"package.Service.Method\", got \"" + call + "\"");
    }
    return new CallName(c.substring(0, cut), c.substring(cut + 1));
  }

  /** The HTTP/2 path form, "ledger.v1.CommandService/Deposit". */
  public String fullMethodName() {
    return service + "/" + method;
  }

  /** The dotted form, "ledger.v1.CommandService.Deposit". */
  public String dotted() {
    return service + "." + method;
  }

  @Override
  public String toString() {
    return dotted();
  }
}
