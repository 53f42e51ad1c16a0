package ledger.query;

import java.util.Map;
import java.util.TreeMap;

import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.store.Checkpoint;

/** Consistency tokens as the command side would hand them out. */
final class Tokens {

  private Tokens() {
  }

  static String versionToken(String account, long version, Checkpoint commitPoint) {
    return token(Map.of(account, version), commitPoint);
  }

  static String token(Map<String, Long> versions, Checkpoint commitPoint) {
    Map<AccountId, Long> byId = new TreeMap<>();
    versions.forEach((account, version) -> byId.put(AccountId.of(account), version));
    return new ConsistencyToken(byId, commitPoint).encode();
  }
}
