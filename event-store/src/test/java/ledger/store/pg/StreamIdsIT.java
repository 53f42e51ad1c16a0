package ledger.store.pg;

import static ledger.store.pg.StoreFixture.append;
import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every account in the store, page by page in id order, each once however many events it has. */
class StreamIdsIT {

  private static final Currency USD = Currency.of("USD");

  @RegisterExtension
  static final StoreFixture fixture = new StoreFixture();

  @Test
  void the_accounts_come_page_by_page_in_id_order_each_once() {
    PgEventStore store = new PgEventStore(fixture.pool);
    for (String id : List.of("c", "a", "e", "b", "d")) {
      AccountId account = AccountId.of(id);
      await(store.append(append("open-" + id, "open", account, 1, new AccountOpened(USD, 0),
          new MoneyDeposited(5, USD, "", 5), new MoneyDeposited(5, USD, "", 10))));
    }

    List<String> seen = new ArrayList<>();
    String after = "";
    List<AccountId> page;
    do {
      page = await(store.streamIds(after, 2));
      page.forEach(id -> seen.add(id.value()));
      after = page.isEmpty() ? after : page.get(page.size() - 1).value();
    } while (!page.isEmpty());

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(await(store.streamIds("e", 10))).isEmpty();
  }
}
