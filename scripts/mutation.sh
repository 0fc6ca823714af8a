#!/usr/bin/env bash
# Mutation testing (PIT) of every measured set of classes, one set after another: the one command of
# README.md, "Contributing". Each set is a separate Maven run, because each needs its own classes and
# tests; after each run its report is copied to target/mutation/<set>/, so that no run overwrites
# another's (the first two both write to customer-id-memory/target/pit-reports).
#
#   scripts/mutation.sh                 all three sets (about 30 minutes on a shared 2-core machine)
#   scripts/mutation.sh mongo           one set, or several: allocator, format, mongo
#   scripts/mutation.sh -- -o           Maven options after --, here offline
set -euo pipefail
cd "$(dirname "$0")/.."

sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    allocator|format|mongo) sets+=("$1"); shift ;;
    *) echo "unknown set '$1' (expected allocator, format or mongo; Maven options go after --)" >&2
       exit 2 ;;
  esac
done
[ ${#sets[@]} -gt 0 ] || sets=(allocator format mongo)

run() { # set-name module maven-arguments...
  local name="$1" module="$2"
  shift 2
  echo "== mutation testing: $name ($module) =="
  local start=$SECONDS
  local command=(./mvnw -B test-compile org.pitest:pitest-maven:mutationCoverage -pl "$module" -am "$@")
  echo "${command[*]}"
  "${command[@]}"
  rm -rf "target/mutation/$name"
  mkdir -p target/mutation
  cp -r "$module/target/pit-reports" "target/mutation/$name"
  echo "== $name: $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s," \
    "report in target/mutation/$name/index.html =="
}

for set in "${sets[@]}"; do
  case "$set" in
    allocator) # IdAllocator, block mode (BlockSource) and the timed store calls, with core's tests
      run allocator customer-id-memory \
        "-Dpit.targetClasses=io.github.customerid.core.IdAllocator*,io.github.customerid.core.BlockSource*,io.github.customerid.core.StoreCalls*" \
        "-Dpit.targetTests=io.github.customerid.core.*" "$@" ;;
    format) # IdFormat, StoreArguments and the in-memory store, with core's and the memory module's tests
      run format customer-id-memory \
        "-Dpit.targetClasses=io.github.customerid.core.IdFormat*,io.github.customerid.core.spi.StoreArguments*,io.github.customerid.memory.*" \
        "$@" ;;
    mongo) # the Mongo store's pure logic, with its server-free tests (targets set in its pom.xml)
      run mongo customer-id-mongo "$@" ;;
  esac
done
