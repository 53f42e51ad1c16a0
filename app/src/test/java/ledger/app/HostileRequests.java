package ledger.app;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import ledger.v1.AdminServiceOuterClass;
import ledger.v1.CommandServiceOuterClass;
import ledger.v1.QueryServiceOuterClass;

/**
 * Request bodies a hostile or broken client might send, for every RPC of the three services,
 * read from their descriptors so a new RPC is fuzzed without a line here. Each body comes from
 * one seed: random bytes, a well-formed request with bytes flipped, cut short or extended, or a
 * request whose fields hold random values (empty, huge, unicode and control characters,
 * negative and extreme numbers, ids of real accounts, tokens real and forged).
 */
final class HostileRequests {

  /** Every RPC of CommandService, QueryService and AdminService. */
  static final List<MethodDescriptor> RPCS = Stream.of(
          CommandServiceOuterClass.getDescriptor().findServiceByName("CommandService"),
          QueryServiceOuterClass.getDescriptor().findServiceByName("QueryService"),
          AdminServiceOuterClass.getDescriptor().findServiceByName("AdminService"))
      .flatMap(service -> service.getMethods().stream()).toList();

  enum Kind { RANDOM_BYTES, FLIPPED, TRUNCATED, EXTENDED, RANDOM_FIELDS }

  /** Accounts the fuzz opens first, so that some random commands are accepted and go all the way to the store. */
  static final List<String> ACCOUNTS = List.of("fuzz-0", "fuzz-1", "fuzz-2", "fuzz-3");

  private static final String[] ODD_STRINGS = {
      "", " ", "EUR", "eur", "EURO", "€", "USD", "JPY", "XXX", "fuzz-0", "fuzz-1", "no-such-account",
      "'; DROP TABLE ledger.events; --", "ledger:*", "\r\nFLUSHALL\r\n", "../../etc/passwd", "%s%n%x",
      "\u0000", "\u202e0-zzuf", "\u200b", "v1.", "v1.AAAA", "null", "-1", "9223372036854775808"};
  private static final long[] ODD_NUMBERS = {
      0, 1, -1, 2, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
      1L << 53, -(1L << 53), 253_402_300_799L, 253_402_300_800L, -62_135_596_800L, 999_999_999, 1_000_000_000};

  private final Random random;
  private final List<String> tokens;

  /** {@code tokens}: consistency tokens the server really handed out, to forge from. */
  HostileRequests(long seed, List<String> tokens) {
    this.random = new Random(seed);
    this.tokens = tokens;
  }

  byte[] body(MethodDescriptor rpc, Kind kind) {
    return switch (kind) {
      case RANDOM_BYTES -> bytes(random.nextInt(8) == 0 ? random.nextInt(2048) : random.nextInt(48));
      case FLIPPED -> flipped(wellFormed(rpc));
      case TRUNCATED -> truncated(wellFormed(rpc));
      case EXTENDED -> extended(wellFormed(rpc));
      case RANDOM_FIELDS -> message(rpc.getInputType(), false, 0).toByteArray();
    };
  }

  /** A request of the method's type with plausible values: the base of the byte mutations. */
  byte[] wellFormed(MethodDescriptor rpc) {
    return message(rpc.getInputType(), true, 0).toByteArray();
  }

  Random random() {
    return random;
  }

  byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] flipped(byte[] valid) {
    if (valid.length == 0) {
      return bytes(1 + random.nextInt(4));
    }
    byte[] flipped = valid.clone();
    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
      int at = random.nextInt(flipped.length);
      flipped[at] = random.nextBoolean() ? (byte) (flipped[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt();
    }
    return flipped;
  }

  private byte[] truncated(byte[] valid) {
    return valid.length == 0 ? valid : java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
  }

  private byte[] extended(byte[] valid) {
    byte[] tail = bytes(1 + random.nextInt(16));
    int at = random.nextBoolean() ? valid.length : random.nextInt(valid.length + 1);
    byte[] extended = new byte[valid.length + tail.length];
    System.arraycopy(valid, 0, extended, 0, at);
    System.arraycopy(tail, 0, extended, at, tail.length);
    System.arraycopy(valid, at, extended, at + tail.length, valid.length - at);
    return extended;
  }

  private DynamicMessage message(Descriptor type, boolean plausible, int depth) {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      if (random.nextInt(plausible ? 6 : 3) == 0 || depth > 3) {
        continue;
      }
      Object value = value(field, plausible, depth);
      if (field.isRepeated()) {
        message.addRepeatedField(field, value);
      } else {
        message.setField(field, value);
      }
    }
    return message.build();
  }

  private Object value(FieldDescriptor field, boolean plausible, int depth) {
    String name = field.getName();
    return switch (field.getJavaType()) {
      case STRING -> plausible ? plausibleString(name) : wildString(name);
      case LONG -> plausible ? plausibleNumber(name) : wildNumber();
      case INT -> (int) (plausible ? plausibleNumber(name) : wildNumber());
      case BOOLEAN -> random.nextBoolean();
      case DOUBLE -> random.nextDouble();
      case FLOAT -> random.nextFloat();
      case BYTE_STRING -> com.google.protobuf.ByteString.copyFrom(bytes(random.nextInt(32)));
      case ENUM -> field.getEnumType().getValues().get(random.nextInt(field.getEnumType().getValues().size()));
      case MESSAGE -> message(field.getMessageType(), plausible, depth + 1);
    };
  }

  private String plausibleString(String field) {
    if (field.contains("account_id")) {
      return ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
    }
    if (field.equals("currency")) {
      return "EUR";
    }
    if (field.equals("command_id")) {
      return "fz-" + Long.toHexString(random.nextLong());
    }
    if (field.contains("token")) {
      return tokens.isEmpty() || random.nextBoolean() ? "" : tokens.get(random.nextInt(tokens.size()));
    }
    return "fuzz";
  }

  private long plausibleNumber(String field) {
    if (field.contains("amount")) {
      return 1 + random.nextInt(1000);
    }
    if (field.contains("version")) {
      return random.nextInt(4);
    }
    if (field.equals("page_size")) {
      return 1 + random.nextInt(50);
    }
    return random.nextInt(2);
  }

  private String wildString(String field) {
    return switch (random.nextInt(field.contains("token") ? 9 : 7)) {
      case 0 -> "";
      case 1 -> ODD_STRINGS[random.nextInt(ODD_STRINGS.length)];
      case 2 -> ascii(1 + random.nextInt(40));
      case 3 -> unicode(1 + random.nextInt(40));
      case 4 -> random.nextBoolean() ? "a".repeat(1000 + random.nextInt(300_000)) : unicode(1000 + random.nextInt(20_000));
      case 5 -> ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
      case 6 -> plausibleString(field);
      case 7 -> "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random.nextInt(64)));
      default -> forgedToken();
    };
  }

  /** A real token with one character changed, cut short, or doubled. */
  private String forgedToken() {
    if (tokens.isEmpty()) {
      return "v1.";
    }
    String token = tokens.get(random.nextInt(tokens.size()));
    return switch (random.nextInt(3)) {
      case 0 -> {
        char[] chars = token.toCharArray();
        chars[random.nextInt(chars.length)] = "ABCxyz019-_=.+/".charAt(random.nextInt(15));
        yield new String(chars);
      }
      case 1 -> token.substring(0, random.nextInt(token.length()));
      default -> token + token;
    };
  }

  private long wildNumber() {
    return switch (random.nextInt(3)) {
      case 0 -> ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)] * (random.nextBoolean() ? 1 : -1);
      case 1 -> random.nextLong();
      default -> random.nextInt(2001) - 1000;
    };
  }

  private String ascii(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (32 + random.nextInt(95)));
    }
    return text.toString();
  }

  /** Code points from the ranges that break naive handling: controls, combining marks, bidi, emoji, lone surrogates. */
  private String unicode(int length) {
    int[][] ranges = {{0x00, 0x1f}, {0x7f, 0x9f}, {0x300, 0x36f}, {0x200b, 0x200f}, {0x202a, 0x202e},
        {0x4e00, 0x4fff}, {0x1f600, 0x1f64f}, {0xd800, 0xdfff}, {0xfff0, 0xffff}, {0x20, 0x7e}, {0xe000, 0xe0ff}};
    StringBuilder text = new StringBuilder(length * 2);
    for (int i = 0; i < length; i++) {
      int[] range = ranges[random.nextInt(ranges.length)];
      text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
    }
    return text.toString();
  }
}
