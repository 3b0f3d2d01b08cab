#!/usr/bin/env bash
# Requests during reloads: one GET every 20 ms, each on a new connection, while the
# one-controller application's controller changes several times; once with the front door
# (the default) and once with reloader.front-door.enabled=false. Prints requests,
# answered, refused, reset and the longest stretch without an answer.
# Arguments: [reloads (5)] [seconds between changes (5)] [modes (off on)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mvn -B -q -f "$root/pom.xml" -pl reloader-spring-boot-autoconfigure compile
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
classpath="$root/reloader-spring-boot-autoconfigure/target/classes:$(cat "$here/target/classpath.txt")"
exec java "$here/RequestStream.java" "$classpath" "$here/target" "$@"
