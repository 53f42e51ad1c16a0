package ledger.projection.admin;

import ledger.readmodel.ViewAudit;
import ledger.v1.FieldDifference;
import ledger.v1.ViewDifference;

/** An audit's finding as the AdminService contract says it. */
final class Differences {

  private Differences() {
  }

  static ViewDifference of(ViewAudit.Difference difference) {
    ViewDifference.Builder message = ViewDifference.newBuilder()
        .setAccountId(difference.account().value())
        .setKind(kind(difference.kind()))
        .setViewVersion(difference.viewVersion())
        .setExpectedVersion(difference.expectedVersion())
        .setDetail(difference.detail());
    difference.fields().forEach(field -> message.addFields(FieldDifference.newBuilder()
        .setField(field.name()).setView(field.view()).setExpected(field.expected())));
    return message.build();
  }

  private static ViewDifference.Kind kind(ViewAudit.Kind kind) {
    return switch (kind) {
      case MISSING -> ViewDifference.Kind.MISSING;
      case STALE -> ViewDifference.Kind.STALE;
      case AHEAD -> ViewDifference.Kind.AHEAD;
      case MISMATCH -> ViewDifference.Kind.MISMATCH;
      case DEGRADED -> ViewDifference.Kind.DEGRADED;
    };
  }
}
