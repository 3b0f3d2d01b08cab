#!/usr/bin/env bash
# Restart benchmark: builds the project and each benchmark application (the one-controller
# application in app/, also as a WebFlux build, and the lending library in library/app/) with
# the reloader starter and with spring-boot-devtools, then runs bench.py, which alternates the
# variants in one run. Extra arguments go to bench.py (see bench.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mvn -B -q -f "$root/pom.xml" install -DskipTests
# Run a copy of this tree's reloader jars, not the ones in the local repository or in the
# modules' target directories, which another build may replace while the benchmark runs
version=0.1.0-SNAPSHOT
jars="$here/target/reloader-jars"
mkdir -p "$jars"
for module in reloader-spring-boot-autoconfigure reloader-spring-boot-starter; do
	cp "$root/$module/target/$module-$version.jar" "$jars/"
done
for build in reloader webflux devtools library/reloader library/devtools; do
	mvn -B -q -f "$here/$build/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	for module in reloader-spring-boot-autoconfigure reloader-spring-boot-starter; do
		sed -i "s#[^:]*/$module-$version.jar#$jars/$module-$version.jar#" "$here/$build/target/classpath.txt"
	done
done
exec python3 "$here/bench.py" "$@"
