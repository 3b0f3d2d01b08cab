#!/usr/bin/env bash
# Containers at development time across reloads (measure.py), with the reloader of this tree,
# or of another revision given as the first argument (built from `git archive` in a directory
# of its own). Needs a Docker Engine and the test image: run .ci/install-docker.sh first.
# Prints one table row per variant: with and without a container bean, standby off and on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
module=reloader-spring-boot-autoconfigure
mkdir -p "$here/target"
source_root="$root"
if [ $# -gt 0 ]; then
	source_root="$here/target/revision-$1"
	rm -rf "$source_root" && mkdir -p "$source_root"
	git -C "$root" archive "$1" pom.xml "$module" | tar -x -C "$source_root"
fi
mvn -B -q -f "$source_root/$module/pom.xml" compile
mvn -B -q -f "$root/pom.xml" -pl "$module" generate-test-resources dependency:build-classpath \
	-Dmdep.includeScope=test -Dmdep.outputFile="$here/target/dependencies.txt"
# The reloader's classes, the libraries an application of the tests has, and Testcontainers
classes="$here/target/reloader-classes"
rm -rf "$classes" && cp -r "$source_root/$module/target/classes" "$classes"
jars="$root/$module/target/test-application-jars"
testcontainers=""
for jar in spring-boot-testcontainers testcontainers docker-java-api docker-java-transport-zerodep \
	docker-java-transport duct-tape commons-compress jna; do
	testcontainers="$testcontainers:$jars/$jar.jar"
done
tr ':' '\n' <"$here/target/dependencies.txt" \
	| grep -v -e /org/seleniumhq/ -e /io/opentelemetry/ -e /com/google/ -e /com/h2database/ -e /org/hibernate/ \
		-e /jakarta/persistence/ -e spring-boot-docker-compose -e -jpa- -e /com/zaxxer/ -e /testcontainers/ \
		-e /docker-java -e /duct-tape/ -e spring-boot-testcontainers \
	| paste -sd: >"$here/target/libraries.txt"
echo "$classes:$(cat "$here/target/libraries.txt")$testcontainers" >"$here/target/class-path.txt"
echo "| variant | containers created | served ids | created / started during the reloads | left after SIGTERM | first answer | reloads (s) |"
echo "|---|---|---|---|---|---|---|"
python3 "$here/measure.py" --class-path-file "$here/target/class-path.txt" --container --label "container bean, standby off"
python3 "$here/measure.py" --class-path-file "$here/target/class-path.txt" --container --standby --label "container bean, standby on"
python3 "$here/measure.py" --class-path-file "$here/target/class-path.txt" --label "no container bean, standby off"
python3 "$here/measure.py" --class-path-file "$here/target/class-path.txt" --standby --label "no container bean, standby on"
