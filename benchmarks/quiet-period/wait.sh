#!/usr/bin/env bash
# Measures the reloader's wait from the last class file written to the batch taken, before
# (the whole quiet period for every batch) and after (reloader.short-quiet-period and the
# Maven compiler status), for an IDE-like save and for `mvn -o compile` of the lending
# library application (benchmarks/restart/library/app).
# Usage: benchmarks/quiet-period/wait.sh [RUNS] [TYPE]   (TYPE: native, stat or watchman)
# Needs the library application's dependencies in the local Maven repository.
set -euo pipefail
runs=${1:-5}
type=${2:-native}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
module=$top/reloader-spring-boot-autoconfigure
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o -Dstyle.color=never -f "$module/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
classpath=$module/target/classes:$(cat "$work/classpath.txt")
cp -r "$top/benchmarks/restart/library/app" "$work/app"
mkdir "$work/build"
# The application without the reloader: only its compile is measured here
perl -0pe 's#\s*<dependency>\s*<groupId>dev\.reloader</groupId>.*?</dependency>##s' \
	"$top/benchmarks/restart/library/reloader/pom.xml" > "$work/build/pom.xml"
cd "$work/build"
mvn -B -q -o -Dstyle.color=never compile
source=$work/app/src/main/java/library/web/ApiController.java
for periods in "300 300" "300 50"; do
	java -cp "$classpath" "$here/QuietPeriodWait.java" target/classes "$type" $periods "$runs" ide
	java -cp "$classpath" "$here/QuietPeriodWait.java" target/classes "$type" $periods "$runs" "$source" \
		mvn -B -q -o -Dstyle.color=never compile
done
