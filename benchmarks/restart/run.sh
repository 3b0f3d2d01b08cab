#!/usr/bin/env bash
# Restart benchmark: builds the project and each benchmark application (the one-controller
# application in app/, the lending library in library/app/) twice, with the reloader starter
# and with spring-boot-devtools, then runs bench.py, which alternates the variants in one
# run. Extra arguments go to bench.py (see bench.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mvn -B -q -f "$root/pom.xml" install -DskipTests
for build in reloader devtools library/reloader library/devtools; do
	mvn -B -q -f "$here/$build/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
done
exec python3 "$here/bench.py" "$@"
