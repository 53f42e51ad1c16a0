#!/usr/bin/env bash
# Compares service settings: for each "label|JAVA_OPTS|serve flags" argument, starts
# ./ledger serve on a fresh data folder with them, opens and funds 10,000 accounts, then runs
# deposits at the maximum rate (64 callers, after a 20 s warm-up) and at 1,000/s, and prints the
# client's figures beside the service's own (Deposit latency, projection lag, from /metrics).
# Stops every server it started. Example:
#   bench/settings-sweep.sh "default||" "in-flight 1||--append-in-flight 1" "zgc|-Xmx384m -XX:+UseZGC|"
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="$(mktemp -d "${TMPDIR:-/tmp}/ledger-sweep.XXXXXX")"
HTTP="${LEDGER_HTTP_PORT:-8080}"
METRICS="$DATA/metrics"
mkdir -p "$METRICS"
stop() { pkill -f -- "--data-dir $DATA/run" 2>/dev/null || true; sleep 2; }
trap 'stop; rm -rf "$DATA"' EXIT

quantiles() { # before after metric [label filters...]: p50/p90/p99 from the histogram's bucket deltas
  python3 - "$@" <<'PY'
import re, sys
def load(f, name, flt):
    d = {}
    for line in open(f):
        if line.startswith(name + '_bucket') and all(x in line for x in flt):
            d[float(re.search(r'le="([^"]+)"', line).group(1))] = float(line.split()[-1])
    return d
a, b = load(sys.argv[1], sys.argv[3], sys.argv[4:]), load(sys.argv[2], sys.argv[3], sys.argv[4:])
les = sorted(b); total = b[les[-1]] - a.get(les[-1], 0)
out = []
for q in (0.5, 0.9, 0.99):
    le = next(le for le in les if b[le] - a.get(le, 0) >= q * total)
    out.append(f"p{q*100:g} <= {le*1000:.2f} ms")
print(", ".join(out))
PY
}

for cfg in "$@"; do
  IFS='|' read -r label opts flags <<< "$cfg"
  rm -rf "$DATA/run"
  # shellcheck disable=SC2086
  (JAVA_OPTS="${opts:--Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20}" LEDGER_SKIP_BUILD=1 \
    ./ledger serve --data-dir "$DATA/run" --http-port "$HTTP" $flags > "$DATA/serve.log" 2>&1 &)
  for _ in $(seq 1 120); do grep -q "Ledger ready" "$DATA/serve.log" && break; sleep 0.5; done
  LEDGER_SKIP_BUILD=1 ./ledger bench setup --accounts 10000 > /dev/null
  echo "=== $label | JAVA_OPTS=${opts:-default} | ${flags:-no flags}"
  LEDGER_SKIP_BUILD=1 ./ledger bench run load-tests/ghz/suite/deposit-10k.json -c 64 -z 20s > /dev/null 2>&1
  curl -s "localhost:$HTTP/metrics" > "$METRICS/1"
  out=$(LEDGER_SKIP_BUILD=1 ./ledger bench run load-tests/ghz/suite/deposit-10k.json -c 64 -z 30s 2>/dev/null)
  curl -s "localhost:$HTTP/metrics" > "$METRICS/2"
  echo "  max rate: $(echo "$out" | grep -E 'Requests/sec|99 % in' | tr -s ' ' | tr '\n' ' ')"
  echo "    service Deposit: $(quantiles "$METRICS/1" "$METRICS/2" ledger_rpc_server_seconds 'method="Deposit"' 'code="OK"')"
  out=$(LEDGER_SKIP_BUILD=1 ./ledger bench run load-tests/ghz/suite/deposit-10k.json --rps 1000 -c 64 -z 40s --skipFirst 10000 2>/dev/null)
  curl -s "localhost:$HTTP/metrics" > "$METRICS/3"
  echo "  1,000/s: $(echo "$out" | grep -E '^  count' | sed 's/^ *//')"
  echo "    projection lag: $(quantiles "$METRICS/2" "$METRICS/3" ledger_projection_lag_seconds)"
  stop
done
