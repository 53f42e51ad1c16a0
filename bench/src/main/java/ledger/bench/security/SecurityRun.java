package ledger.bench.security;

import java.time.Instant;
import java.util.Map;

import ledger.bench.suite.Machine;

/**
 * What one SecurityBench run measured: each load under each set-up, summed over the rounds.
 *
 * @param order the set-ups in the order of the first round (reversed every other round)
 */
record SecurityRun(Instant started, Machine machine, String loadAfter, Map<String, String> postgres,
                   String redisVersion, String jvm, String command, String duration, String warmup, int rounds,
                   String order, Map<Load, Map<Setup, Measured>> results) {
}
