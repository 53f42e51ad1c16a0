package ledger.load.grpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;

/**
 * The file descriptors a server sent through reflection, built into linked descriptors. A
 * well-known type the server did not send (google/protobuf/timestamp.proto, ...) is taken
 * from protobuf-java's own copy.
 */
final class DescriptorPool {

  private static final Map<String, FileDescriptor> WELL_KNOWN = new HashMap<>();

  static {
    for (FileDescriptor f : List.of(AnyProto.getDescriptor(), ApiProto.getDescriptor(), DurationProto.getDescriptor(),
        EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(), StructProto.getDescriptor(),
        TimestampProto.getDescriptor(), WrappersProto.getDescriptor())) {
      WELL_KNOWN.put(f.getName(), f);
    }
  }

  private final Map<String, FileDescriptorProto> protos = new HashMap<>();
  private final Map<String, FileDescriptor> built = new HashMap<>();

  void add(FileDescriptorProto proto) {
    protos.putIfAbsent(proto.getName(), proto);
  }

  /** Files that some added file imports but that neither the server nor protobuf-java has given yet. */
  Set<String> missing() {
    Set<String> missing = new LinkedHashSet<>();
    for (FileDescriptorProto p : protos.values()) {
      for (String dep : p.getDependencyList()) {
        if (!protos.containsKey(dep) && !WELL_KNOWN.containsKey(dep)) {
          missing.add(dep);
        }
      }
    }
    return missing;
  }

  FileDescriptor build(String name) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      FileDescriptor wellKnown = WELL_KNOWN.get(name);
      if (wellKnown == null) {
        throw new IllegalStateException("the server's reflection did not provide " + name);
      }
      return wellKnown;
    }
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(build(dep));
    }
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("invalid descriptor " + name + " from reflection: " + e.getMessage(), e);
    }
  }
}
