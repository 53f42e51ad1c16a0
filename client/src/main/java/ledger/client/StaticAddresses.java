package ledger.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;

/**
 * A fixed list of {@code host:port} addresses as a name resolver, each its own subchannel, so
 * {@code round_robin} spreads calls over them (instances with known addresses, or tests). A
 * headless Service in Kubernetes does not need it: {@code dns:///name:port} resolves to every pod.
 */
final class StaticAddresses extends NameResolver.Factory {

  static final String SCHEME = "ledger-static";

  private final List<String> hostPorts;

  StaticAddresses(List<String> hostPorts) {
    if (hostPorts.isEmpty()) {
      throw new IllegalArgumentException("at least one address");
    }
    hostPorts.forEach(StaticAddresses::address);
    this.hostPorts = List.copyOf(hostPorts);
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("an address is host:port, got " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an address is host:port, got " + hostPort);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return address(hostPorts.get(0)).getHostString();
      }

      @Override
      public void start(Listener2 listener) {
        List<EquivalentAddressGroup> groups = hostPorts.stream()
            .map(hostPort -> {
              InetSocketAddress unresolved = address(hostPort);
              return new EquivalentAddressGroup(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()));
            })
            .toList();
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
      }

      @Override
      public void shutdown() {
      }
    };
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }
}
