#!/usr/bin/env bash
# Runs the ccflux benchmarks and rewrites docs/BENCHMARKS.md (see that file for what is measured).
#   bench/run-benchmarks.sh [--runs 5] [--warmup 3] [--measure 5] [--scenarios 0,l,r,a,b,c,s,e] [...]
# Builds only the bench module (offline); the server distribution (distribution/target/ccflux) and, for
# the proxy scenarios, the proxy bundle must already be built. Environment: JAVA_HOME, BENCH_JAVA_OPTS
# (the load generator's JVM, default -Xmx1g).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -x distribution/target/ccflux/bin/ccflux ]; then
  echo "bench: distribution/target/ccflux is not built; build the server distribution first" >&2
  exit 2
fi
# -f rather than -pl: the build does not depend on the state of the other modules listed in the root pom.
mvn -B -o -q -f bench/pom.xml package

# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_JAVA_OPTS:--Xmx1g} -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  -Dbench.command="bench/run-benchmarks.sh${*:+ $*}" \
  org.ccflux.bench.BenchmarkRunner --root "$ROOT" "$@"
