#!/usr/bin/env bash
# Hand-over cost benchmark: what one child's hand-over of the watched files to the next
# costs, for a tree of class files (10,000 by default). Arguments: [files] [rounds].
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/reloader-spring-boot-autoconfigure/target/reloader-spring-boot-autoconfigure-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ]; then
	mvn -B -q -f "$root/pom.xml" -pl reloader-spring-boot-autoconfigure -DskipTests package
fi
logging=$(find "${HOME}/.m2/repository/commons-logging/commons-logging" -name 'commons-logging-*.jar' | sort | tail -n 1)
if [ -z "$logging" ]; then
	logging=$(find "${HOME}/.m2/repository/org/springframework/spring-jcl" -name 'spring-jcl-*.jar' | sort | tail -n 1)
fi
exec java -cp "$jar:$logging" "$here/HandoverCost.java" "$@"
