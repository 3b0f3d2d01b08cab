#!/usr/bin/env bash
# Smoke tests of the built starter on the Spring Boot and JDK combinations that the main
# test run (Spring Boot 4.0.7 on the default JDK 17) does not cover (Spring Boot 3.5 and
# 4.1 on JDK 17 and 25, Spring Boot 4.0 on JDK 25): for each, compile a
# small web application with Actuator against that Spring Boot version, launch it with
# java -cp on that JDK, reload it once, and stop it.
#
# Needs the jar from `mvn -B verify` (or `mvn -B -DskipTests package`). The JDK 25 home can
# be set with JDK25_HOME; by default it is where Adoptium's temurin-25-jdk package puts it.
# Without a JDK 25 the JDK 25 combinations are left out, and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

starter=reloader-spring-boot-autoconfigure/target/reloader-spring-boot-autoconfigure-0.1.0-SNAPSHOT.jar
if [ ! -f "$starter" ]; then
	echo "No $starter: run 'mvn -B verify' first" >&2
	exit 1
fi
jdk17=$(command -v java)
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# boot version (directory under smoke/) and java executable
combinations=("boot35 $jdk17" "boot41 $jdk17")
if [ -x "$jdk25" ]; then
	combinations+=("boot35 $jdk25" "boot40 $jdk25" "boot41 $jdk25")
else
	echo "No JDK 25 at $jdk25 (set JDK25_HOME): smoke tests on JDK 25 left out" >&2
fi
start=$SECONDS
for combination in "${combinations[@]}"; do
	read -r boot java <<< "$combination"
	classpath="$work/$boot.classpath"
	if [ ! -f "$classpath" ]; then
		mvn -B -q -f "smoke/$boot/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath"
	fi
	version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
	echo "Smoke test: $boot on Java $version"
	java smoke/Smoke.java "$java" "$classpath" "$starter" "$work/$boot-java$version"
done
echo "Smoke tests passed in $((SECONDS - start)) s"
