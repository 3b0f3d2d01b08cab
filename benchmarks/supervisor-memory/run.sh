#!/usr/bin/env bash
# The supervisor's memory on the lending library application (benchmarks/restart/library):
# launches it under the reloader with `java -cp`, waits until it answers and its standby is
# ready, and prints the proportional (PSS) and resident (RSS) memory of the supervisor and of
# the whole process tree (measure.py). With a revision as the first argument, measures the
# reloader of that revision instead of this tree's (built from `git archive` in a directory
# of its own); further arguments go to measure.py (see measure.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
module=reloader-spring-boot-autoconfigure
version=0.1.0-SNAPSHOT
library="$root/benchmarks/restart/library/reloader"
mkdir -p "$here/target"
source_root="$root"
label="working tree"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	label="$1"
	source_root="$here/target/revision-$1"
	rm -rf "$source_root" && mkdir -p "$source_root"
	git -C "$root" archive "$1" pom.xml "$module" | tar -x -C "$source_root"
	shift
fi
# The starter, so that the application's build resolves; then the reloader's classes to run
mvn -B -q -f "$root/pom.xml" install -DskipTests -pl "$module,reloader-spring-boot-starter" -am
mvn -B -q -f "$source_root/$module/pom.xml" process-classes
jar="$here/target/$module-$version.jar"
rm -f "$jar"
jar --create --file "$jar" -C "$source_root/$module/target/classes" .
mvn -B -q -f "$library/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
sed -i "s#[^:]*/$module-$version.jar#$jar#" "$here/target/classpath.txt"
echo "$library/target/classes:$(cat "$here/target/classpath.txt")" >"$here/target/class-path.txt"
exec python3 "$here/measure.py" --class-path-file "$here/target/class-path.txt" --label "$label" "$@"
