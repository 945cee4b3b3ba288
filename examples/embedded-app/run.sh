#!/usr/bin/env bash
# Builds and runs the example against the Gridata artifacts in the local Maven repository
# (install them first: mvn -B install -DskipTests in the Gridata clone). Exit 0 when its tests
# passed with both kinds of Iceberg artifacts (unshaded, and the shaded iceberg-spark-runtime) and
# both jobs, started with a deployed application's class path, published their day once and the
# retry wrote nothing.
#
# GRIDATA_SPARK_LINE=3.5_2.12 (or 4.0_2.13) builds and runs the same application on that Spark
# line's Gridata artifacts (install them first: mvn -B install -Pspark-3.5 -DskipTests in the
# Gridata clone, after the default install, which alone publishes the Spark-free modules), with
# the shaded Iceberg runtime only: Iceberg publishes no separate SQL extensions jar for 3.5/4.0.
set -euo pipefail
cd "$(dirname "$0")"
line="${GRIDATA_SPARK_LINE:-4.1_2.13}"
args=(-Dgridata.spark.line="$line" -Dscala.binary.version="${line#*_}")
# OrdersDailyTest and PaymentsDailyTest on the testkit's stack, once per kind of Iceberg artifact an
# application may use: the shaded runtime here, the unshaded ones (the default profile) in the
# package step below (4.1 only).
mvn -B -q clean verify -Piceberg-runtime "${args[@]}"
# The package phase also writes (pom: maven-dependency-plugin) the runtime class path (compile +
# runtime scopes: Gridata and what it brings), the provided one (Spark, Iceberg: the cluster's) and
# the list of runtime dependencies. The test scope (testkit, JUnit) is in neither.
if [ "$line" = "4.1_2.13" ]; then
  mvn -B -q package "${args[@]}"
else
  mvn -B -q package -Piceberg-runtime -DskipTests "${args[@]}"
fi
# What Spark already provides (Jackson, SLF4J, Parquet) must not reach the application's jar
# through Gridata: the cluster's copies are the ones that run.
if grep -E 'com\.fasterxml\.jackson\.core:|org\.slf4j:slf4j-api:|org\.apache\.parquet:' \
    target/runtime-dependencies.txt; then
  echo "run.sh: Gridata brings the runtime dependencies above, which Spark provides" >&2
  exit 1
fi
# Nothing of another Spark line on the class path: every Gridata artifact named for this line, no
# Scala-suffixed jar of the other Scala version (a POM that fell back to the parent's 4.1 defaults
# would bring both).
other_scala=$([ "${line#*_}" = 2.12 ] && echo 2.13 || echo 2.12)
if { cat target/classpath-runtime.txt; echo; cat target/classpath-provided.txt; } | tr ':' '\n' \
    | grep -E "/[^/]*_${other_scala}-[^/]*\.jar$|/gridata-[a-z]+-[0-9.]+_[0-9.]+-[^/]*\.jar$" \
    | grep -v "/gridata-[a-z]*-${line}-"; then
  echo "run.sh: the class path above holds jars of another Spark line than $line" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The flags Spark 4 needs on Java 17 outside spark-submit (the README's "JVM flags").
flags=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
         sun.security.action sun.util.calendar; do
  flags+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
# What spark-submit would run: the application's jar and its runtime dependencies on the
# cluster's Spark and Iceberg.
cp="target/shop-orders-daily-1.0.0.jar:$(cat target/classpath-runtime.txt)"
cp+=":$(cat target/classpath-provided.txt)"
for job in OrdersDaily PaymentsDaily; do
  SPARK_LOCAL_IP=127.0.0.1 java "${flags[@]}" -cp "$cp" "com.example.shop.$job" "$work/$job" \
    2026-11-02
done
