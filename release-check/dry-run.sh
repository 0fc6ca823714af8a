#!/usr/bin/env bash
# Release dry run: the release path minus signing and minus the real repository.
#
#   release-check/dry-run.sh [--check-reproducible] [extra Maven args...]
#
# 1. Builds from clean and deploys every published module, unsigned, with the release profile, to
#    the file repository target/release-check/repository.
# 2. Checks that repository (ReleaseCheck.java): jar, sources, Javadoc and POM for every published
#    module, POM metadata, no test/benchmark dependency in compile/runtime scope, no test-jar named
#    anywhere, no test class in any jar built (published or not, e.g. the CLI's shaded jar), BOM
#    complete. Its --self-test first shows that the test-code checks catch each defect.
# 3. Builds a tiny consumer project (release-check/consumer) OFFLINE against that repository: it
#    imports the BOM, depends on customer-id-memory, and must print PL1 when run.
# With --check-reproducible, the jars left in */target by the build that ran just before (CI runs
# `./mvnw -B verify` first) are compared byte for byte with the jars of the clean rebuild in step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

CHECK_REPRO=false
if [[ "${1:-}" == "--check-reproducible" ]]; then
  CHECK_REPRO=true
  shift
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="$ROOT/target/release-check"
REPO="$OUT/repository"
LOCAL_REPO="${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}"
VERSION=$(sed -n '/<parent>/,/<\/parent>/d; s:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
start=$SECONDS

jar_hashes() {
  # Every jar a published or unpublished module built (main, sources, javadoc, tests), by path.
  find . -path ./target -prune -o -path '*/target/*.jar' -type f -print \
    | grep -v '/release-check/' | LC_ALL=C sort | xargs -r sha256sum
}

if $CHECK_REPRO; then
  jar_hashes > "$TMP/first-build.sha256"
  if [[ ! -s "$TMP/first-build.sha256" ]]; then
    echo "release-check: --check-reproducible needs the jars of a previous build in */target" >&2
    exit 1
  fi
fi

echo "== release-check: clean build and deploy (unsigned) to $REPO"
# Tests already ran in the build before (CI: `./mvnw -B verify`). The full log is kept in
# target/release-check/deploy.log and printed only on failure.
if ! ./mvnw -B -ntp clean deploy -Prelease -Dgpg.skip=true -DskipTests \
    -Drelease.repository.url="file://$REPO" "$@" > "$TMP/deploy.log" 2>&1; then
  cat "$TMP/deploy.log"
  echo "release-check: FAILED: the deploy to the file repository failed (log above)" >&2
  exit 1
fi
mkdir -p "$OUT"
cp "$TMP/deploy.log" "$OUT/deploy.log"
grep -E '^\[INFO\] (Reactor Summary|customer-id|benchmarks|BUILD|Total time)' "$OUT/deploy.log" || true

if $CHECK_REPRO; then
  echo "== release-check: reproducibility (first build vs clean rebuild)"
  jar_hashes > "$TMP/second-build.sha256"
  cp "$TMP/first-build.sha256" "$OUT/first-build.sha256"
  cp "$TMP/second-build.sha256" "$OUT/second-build.sha256"
  if ! diff -u "$OUT/first-build.sha256" "$OUT/second-build.sha256"; then
    echo "release-check: FAILED: the clean rebuild did not reproduce the jars byte for byte" >&2
    exit 1
  fi
  echo "$(wc -l < "$OUT/second-build.sha256") jars byte-identical across both builds"
fi

echo "== release-check: published artifacts"
# First prove the check can fail (a test-jar dependency, test classes in a jar), then run it.
"$JAVA" "$ROOT/release-check/ReleaseCheck.java" --self-test
"$JAVA" "$ROOT/release-check/ReleaseCheck.java" "$ROOT" "$REPO"

echo "== release-check: consumer project, offline against the file repository"
rm -rf "$OUT/consumer" "$OUT/consumer-m2"
cp -r "$ROOT/release-check/consumer" "$OUT/consumer"
echo '<settings/>' > "$OUT/consumer-settings.xml"
root_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n 1; }
# Hermetic: empty settings (no user mirrors), a fresh local repository, Maven offline with only
# file: URLs allowed. Its repositories are the dry-run repository and, for plugins and third-party
# jars only (never our snapshots), the main build's local repository read as a file repository.
./mvnw -B -ntp -o -Daether.offline.protocols=file \
  -s "$OUT/consumer-settings.xml" -f "$OUT/consumer/pom.xml" \
  -Dmaven.repo.local="$OUT/consumer-m2" \
  -Drelease-check.repository.url="file://$REPO" \
  -Drelease-check.tools.url="file://$LOCAL_REPO" \
  -Drelease-check.consumer.repository.url="../../consumer-m2/" \
  -Dcustomerid.version="$VERSION" \
  -Dmaven-resources-plugin.version="$(root_property maven-resources-plugin.version)" \
  -Dmaven-compiler-plugin.version="$(root_property maven-compiler-plugin.version)" \
  -Dmaven-jar-plugin.version="$(root_property maven-jar-plugin.version)" \
  compile jar:jar

for a in customer-id-bom customer-id-memory customer-id-core; do
  d="$OUT/consumer-m2/io/github/customerid/$a/$VERSION"
  grep -qs '>release-check=' "$d/_remote.repositories" || {
    echo "release-check: FAILED: $a was not resolved from the dry-run repository ($d)" >&2
    exit 1
  }
done
ID=$("$JAVA" -jar "$OUT/consumer/target/customer-id-consumer-1.jar")
if [[ "$ID" != "PL1" ]]; then
  echo "release-check: FAILED: the consumer printed '$ID', expected PL1" >&2
  exit 1
fi
echo "consumer resolved customer-id-memory (and core) through the BOM from the dry-run repository, ran in a plain JVM and allocated $ID"
echo "release-check: dry run passed in $((SECONDS - start)) s (repository: $REPO)"
