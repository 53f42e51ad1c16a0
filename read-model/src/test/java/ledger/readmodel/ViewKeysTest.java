package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewKeysTest {

  /** On Redis Cluster a key's slot is that of its first {…} tag, or of the whole key without one. */
  private static String slotName(String key) {
    int open = key.indexOf('{');
    int close = open < 0 ? -1 : key.indexOf('}', open + 1);
    return close > open + 1 ? key.substring(open + 1, close) : key;
  }

  @Test
  void the_origin_shares_the_checkpoint_s_slot_with_or_without_a_tag_in_the_prefix() {
    for (String prefix : new String[] {"ledger:", "tenant{7}:"}) {
      ViewKeys keys = new ViewKeys(prefix);
      assertThat(slotName(keys.origin())).as(prefix).isEqualTo(slotName(keys.checkpoint()));
    }
  }

  @Test
  void the_pattern_of_every_account_escapes_the_prefix_s_glob_characters() {
    assertThat(new ViewKeys("a*b?[c]\\:").everyAccount()).isEqualTo("a\\*b\\?\\[c\\]\\\\:acct:{*}");
  }
}
