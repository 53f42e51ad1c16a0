package ledger.bench.security;

/**
 * The loads SecurityBench plays under each set-up, from the suite's ghz files: deposits and
 * GetBalance against the ledger, and GetBalance against the ceiling server (the service's gRPC
 * stack answering a constant, no ledger work: what TLS costs the stack alone; no JWT set-ups).
 */
enum Load {

  DEPOSITS("Deposit", "deposits/s", "deposits/s", "load-tests/ghz/suite/deposit-10k.json", "deposit", false),
  READS("GetBalance", "GetBalance/s", "GetBalance/s", "load-tests/ghz/suite/balance-10k.json", "balance", false),
  CEILING("GetBalance against the ceiling server (the gRPC stack, no ledger work)", "GetBalance/s",
      "GetBalance/s at the ceiling server", "load-tests/ghz/suite/balance-10k.json", "ceiling-balance", true);

  final String title;
  final String unit;
  /** How the summary names it. */
  final String costLabel;
  final String suiteFile;
  final String slug;
  /** Played against the ceiling server rather than the ledger. */
  final boolean ceiling;

  Load(String title, String unit, String costLabel, String suiteFile, String slug, boolean ceiling) {
    this.title = title;
    this.unit = unit;
    this.costLabel = costLabel;
    this.suiteFile = suiteFile;
    this.slug = slug;
    this.ceiling = ceiling;
  }

  /** Whether this load is played under that set-up (the ceiling server verifies no tokens). */
  boolean under(Setup setup) {
    return !ceiling || !setup.jwt;
  }
}
