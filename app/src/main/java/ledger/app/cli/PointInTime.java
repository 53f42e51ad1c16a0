package ledger.app.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import ledger.grpc.ProtoTime;
import ledger.v1.GetBalanceAtRequest;

/** What {@code balance --at} accepts: a stream version, or a point in time (UTC unless it says otherwise). */
final class PointInTime {

  private PointInTime() {
  }

  static GetBalanceAtRequest request(String accountId, String at) {
    GetBalanceAtRequest.Builder request = GetBalanceAtRequest.newBuilder().setAccountId(accountId);
    String text = at.trim();
    if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
      return request.setVersion(Long.parseLong(text)).build();
    }
    Instant instant = parse(text);
    return request.setAsOf(ProtoTime.timestamp(instant)).build();
  }

  static Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
          throw new IllegalArgumentException("--at takes a version number or a time like 2026-11-23T16:09:24Z, got '"
              + text + "'");
        }
      }
    }
  }
}
