#!/usr/bin/env bash
# Restart benchmark: builds the project and each benchmark application (the one-controller
# application in app/, the lending library in library/app/) twice, with the reloader starter
# and with spring-boot-devtools, then runs bench.py, which alternates the variants in one
# run. Extra arguments go to bench.py (see bench.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mvn -B -q -f "$root/pom.xml" install -DskipTests
version=0.1.0-SNAPSHOT
for build in reloader devtools library/reloader library/devtools; do
	mvn -B -q -f "$here/$build/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	# Run the reloader jars of this tree, not the copies in the local repository, which
	# another build may replace while the benchmark runs
	for module in reloader-spring-boot-autoconfigure reloader-spring-boot-starter; do
		sed -i "s#[^:]*/$module-$version.jar#$root/$module/target/$module-$version.jar#" "$here/$build/target/classpath.txt"
	done
done
exec python3 "$here/bench.py" "$@"
