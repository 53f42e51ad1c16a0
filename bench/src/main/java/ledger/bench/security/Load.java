package ledger.bench.security;

/** The two loads of the suite that SecurityBench plays under each set-up, from the suite's ghz files. */
enum Load {

  DEPOSITS("Deposit", "deposits/s", "load-tests/ghz/suite/deposit-10k.json", "deposit"),
  READS("GetBalance", "GetBalance/s", "load-tests/ghz/suite/balance-10k.json", "balance");

  final String call;
  final String unit;
  final String suiteFile;
  final String slug;

  Load(String call, String unit, String suiteFile, String slug) {
    this.call = call;
    this.unit = unit;
    this.suiteFile = suiteFile;
    this.slug = slug;
  }
}
