#!/usr/bin/env bash
# Restart benchmark: builds the project and the benchmark application three times (with the
# reloader starter on Spring MVC and on WebFlux, with spring-boot-devtools), then runs bench.py, which alternates the
# variants in one run. Extra arguments go to bench.py (see bench.py --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mvn -B -q -f "$root/pom.xml" install -DskipTests
for app in reloader webflux devtools; do
	mvn -B -q -f "$here/$app/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
done
exec python3 "$here/bench.py" "$@"
