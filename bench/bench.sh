#!/usr/bin/env bash
# The benchmark suite in one command (also `./ledger bench --suite`): builds the jars if a
# source changed, installs pgbench and redis-benchmark where it can, then runs
# ledger.bench.suite.Suite, which measures the ceilings and the ledger on this machine in one
# go and writes docs/benchmarks.md. Everything it starts is stopped when it ends, also on
# failure or Ctrl-C. See bench/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/ledger-bench.jar"
APP_JAR="$ROOT/app/target/ledger.jar"

usage() {
  cat <<'EOF'
Usage: bench/bench.sh [--no-build] [--no-install] [SUITE OPTIONS]
       ./ledger bench --suite [same options]

Runs the benchmark suite: the ceilings (pgbench single-event durable insert, redis-benchmark
GET, the load runner against a constant-reply gRPC server), then `./ledger serve` with a
fresh data folder and every scenario (deposits, GetBalance, read-your-writes pairs, stream
lag), projection lag, memory, CPU split and start-up time, then the roles in separate
processes; writes the results folder (bench/target/suite-<time>/) and docs/benchmarks.md. Takes
about thirteen minutes with the defaults (16 runs of --duration, warm-ups of 9 x --warmup in
all, about a minute and a half besides); run it on an otherwise quiet machine.

  --no-build        use the jars as they are (also LEDGER_SKIP_BUILD=1)
  --no-install      do not install missing tools; their ceilings are reported as not measured

Suite options (passed on):
  -z, --duration D  length of each measured run (default 30s)
  --warmup D        warm-up before each closed-loop run; open loops get half (default 20s)
  --docs PATH       where to write the report (default docs/benchmarks.md; '-' for only the results folder)

Environment: JAVA_BENCH_OPTS (the suite's JVM, default -Xms256m -Xmx1g -XX:+UseG1GC),
JAVA_OPTS (the service's and the ceiling server's JVM, as for ./ledger serve),
MVN_FLAGS (extra Maven flags for the build, e.g. -o).
EOF
}

BUILD=1
INSTALL=1
SUITE_ARGS=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --no-build) BUILD=0 ;;
    --no-install) INSTALL=0 ;;
    --out|--out=*|--data-dir|--data-dir=*|--repo|--repo=*)
      echo "bench.sh: $arg is chosen by the script" >&2; exit 2 ;;
    *) SUITE_ARGS+=("$arg") ;;
  esac
done
[ "${LEDGER_SKIP_BUILD:-}" = "1" ] && BUILD=0

say() { printf 'bench.sh: %s\n' "$*" >&2; }

# ---- build -------------------------------------------------------------------------------
needs_build() {
  local jar
  for jar in "$BENCH_JAR" "$APP_JAR"; do
    [ ! -f "$jar" ] && return 0
    [ -n "$(find "$ROOT" -maxdepth 1 -name pom.xml -newer "$jar" -print -quit)" ] && return 0
    [ -n "$(find "$ROOT"/*/src/main "$ROOT"/*/pom.xml -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}

if [ "$BUILD" = "1" ] && needs_build; then
  command -v mvn >/dev/null || { say "Maven (mvn) is needed to build the jars"; exit 2; }
  say "building the jars (mvn package)..."
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -q -B -DskipTests ${MVN_FLAGS:-} -pl bench -am package)
fi
[ -f "$BENCH_JAR" ] && [ -f "$APP_JAR" ] || { say "missing $BENCH_JAR or $APP_JAR (build without --no-build)"; exit 2; }

# ---- tools -------------------------------------------------------------------------------
APT_UPDATED=0
ensure_tool() {
  local tool="$1" package="$2"
  if command -v "$tool" >/dev/null; then
    return 0
  fi
  if [ "$INSTALL" = "1" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "$tool is missing: apt-get install $package"
    if [ "$APT_UPDATED" = "0" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 || true
      APT_UPDATED=1
    fi
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null 2>&1 && command -v "$tool" >/dev/null; then
      return 0
    fi
    say "could not install $package"
  fi
  say "not measured: $tool missing (install $package); the suite reports that ceiling as not measured"
}
ensure_tool pgbench postgresql-client
ensure_tool redis-benchmark redis-tools

# ---- run ---------------------------------------------------------------------------------
STAMP="$(date -u +%Y%m%d-%H%M%S)"
OUT="$ROOT/bench/target/suite-$STAMP"
mkdir -p "$OUT"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/ledger-suite-data.XXXXXX")"
# The suite runs from a copy of the jar, so that a build elsewhere cannot change it mid-run.
cp "$BENCH_JAR" "$OUT/ledger-bench.jar"

# Processes whose command line names this run's folders: the suite's JVM and the ceiling server
# (the jar copy in $OUT), the service (--data-dir $DATA) and PostgreSQL (-D $DATA/postgres).
pids_naming() {
  local p pid parts
  for p in /proc/[0-9]*; do
    pid="${p#/proc/}"
    [ "$pid" = "$$" ] || [ "$pid" = "${BASHPID:-}" ] && continue
    mapfile -d '' parts 2>/dev/null < "$p/cmdline" || continue
    [[ " ${parts[*]:-} " == *"$1"* ]] && echo "$pid"
  done
  return 0
}

stop_pids() {
  local pids=("$@") pid waited=0
  [ "${#pids[@]}" -eq 0 ] && return 0
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  while [ "$waited" -lt 60 ]; do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = "0" ] && return 0
    sleep 0.5; waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  # the suite first, then the service (which stops its PostgreSQL and Redis), then any leftovers
  mapfile -t suite < <(pids_naming "$OUT/ledger-bench.jar")
  stop_pids "${suite[@]}"
  mapfile -t service < <(pids_naming "--data-dir $DATA")
  stop_pids "${service[@]}"
  local left=()
  mapfile -t left < <(pids_naming "$DATA/")
  for pidfile in "$DATA/redis/redis.pid" "$DATA/postgres/postmaster.pid"; do
    [ -f "$pidfile" ] && left+=("$(head -n 1 "$pidfile")")
  done
  stop_pids "${left[@]}"
  rm -rf "$DATA"
  rm -f "$OUT/ledger-bench.jar"
  if [ "$code" -ne 0 ]; then
    say "failed (exit $code); what it measured so far is in $OUT"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

read -r LOAD1 _ < /proc/loadavg 2>/dev/null || LOAD1=0
say "load average now ${LOAD1}; the figures assume nothing else heavy runs on this machine"
say "results in $OUT"

# In the background, so that a signal to this script runs the cleanup at once (bash runs traps
# only between commands, and `wait` is one that a signal interrupts).
# shellcheck disable=SC2086
java ${JAVA_BENCH_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} -cp "$OUT/ledger-bench.jar" ledger.bench.suite.Suite \
  --repo "$ROOT" --out "$OUT" --data-dir "$DATA" \
  --command "${LEDGER_SUITE_COMMAND:-bench/bench.sh}${SUITE_ARGS[*]:+ ${SUITE_ARGS[*]}}" \
  ${SUITE_ARGS[@]+"${SUITE_ARGS[@]}"} > >(tee "$OUT/suite.log") 2>&1 &
wait "$!"
