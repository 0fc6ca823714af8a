#!/usr/bin/env bash
# Builds the benchmarks and runs them, printing the table of the benchmark goals (benchmarks/README.md).
#
#   benchmarks/run.sh                       short profile: every scenario at 1/2/4/8 threads, < 10 min on 2 cores
#   benchmarks/run.sh --long                release-quality profile (3 forks, longer iterations)
#   benchmarks/run.sh --only 1,4            some scenarios only (1 1m 2 3 3m 3p 4 5)
#   benchmarks/run.sh --threads 4           some thread counts only
#   benchmarks/run.sh --rounds 5            another number of rounds than the profile's
#   benchmarks/run.sh --jdk /usr/lib/jvm/temurin-25-jdk-amd64
#                                           run (not build) on another JDK
#   benchmarks/run.sh --no-build ...        reuse the last build
#   benchmarks/run.sh --jmh ARGS...         plain JMH (org.openjdk.jmh.Main) with ARGS, e.g.
#                                           --jmh MemoryStrictBenchmark -t 4 -prof gc
#
# The build uses the repository's ./mvnw and the default JDK. Before running, the jars are copied to a
# private directory, so that a `mvn clean` elsewhere in the same working tree cannot pull classes from
# under a running benchmark. Results (table, JMH logs, JSON) end up in
# benchmarks/target/benchmark-results/<UTC timestamp>/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

profile=short
build=1
java_home="${JAVA_HOME:-}"
runner_args=()
jmh_args=()
mode=goals

while [[ $# -gt 0 ]]; do
  case "$1" in
    --long) profile=long; shift ;;
    --short) profile=short; shift ;;
    --profile) profile="$2"; shift 2 ;;
    --only|--threads|--rounds) runner_args+=("$1" "$2"); shift 2 ;;
    --jdk) java_home="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --jmh) mode=jmh; shift; jmh_args=("$@"); break ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

java_bin=java
if [[ -n "$java_home" ]]; then
  java_bin="$java_home/bin/java"
fi

if [[ $build -eq 1 ]]; then
  echo "Building (./mvnw -B -q -pl benchmarks -am package -DskipTests) ..."
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi

# Another build in the same working tree can rewrite target/ while ours packages it: make sure the
# jar holds every class that was compiled, JMH's generated ones included.
check_jar() {
  local jar compiled packed
  jar="$(ls "$here"/target/benchmarks-*.jar 2>/dev/null | head -1)"
  [[ -n "$jar" ]] || return 1
  compiled="$(cd "$here/target/classes" && find . -name '*.class' | wc -l)"
  packed="$(unzip -l "$jar" | grep -c '\.class$' || true)"
  [[ "$compiled" -gt 0 && "$compiled" -eq "$packed" ]]
}
if [[ $build -eq 1 ]] && ! check_jar; then
  echo "The benchmarks jar does not match target/classes (a concurrent build?); building again ..."
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi
if ! check_jar; then
  echo "run.sh: benchmarks/target holds an incomplete jar; run again without --no-build" >&2
  exit 1
fi

classpath_file="$here/target/classpath.txt"
if [[ ! -f "$classpath_file" ]]; then
  echo "run.sh: $classpath_file is missing; run without --no-build" >&2
  exit 1
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/customer-id-benchmarks.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib" "$stage/results"

# The benchmarks jar, then every class-path entry; those built in this working tree are copied.
cp_entries=()
for jar in "$here"/target/benchmarks-*.jar; do
  cp "$jar" "$stage/lib/"
  cp_entries+=("$stage/lib/$(basename "$jar")")
done
IFS=':' read -r -a deps <<< "$(cat "$classpath_file")"
for entry in "${deps[@]}"; do
  if [[ "$entry" == "$root"/* ]]; then
    cp "$entry" "$stage/lib/"
    cp_entries+=("$stage/lib/$(basename "$entry")")
  else
    cp_entries+=("$entry")
  fi
done
classpath="$(IFS=':'; echo "${cp_entries[*]}")"

if [[ "$mode" == jmh ]]; then
  exec_status=0
  (cd "$stage" && "$java_bin" -cp "$classpath" org.openjdk.jmh.Main "${jmh_args[@]}") || exec_status=$?
  exit $exec_status
fi

stamp="$(date -u +%Y%m%d-%H%M%S)"
status=0
"$java_bin" -cp "$classpath" io.github.customerid.benchmarks.GoalRunner \
  --profile "$profile" --out "$stage/results" ${runner_args[@]+"${runner_args[@]}"} || status=$?

dest="$here/target/benchmark-results/$stamp"
mkdir -p "$dest"
cp -r "$stage/results/." "$dest/"
echo "Table, JMH logs and JSON results kept in $dest"
exit $status
