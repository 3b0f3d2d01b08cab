#!/usr/bin/env bash
# Measures how a Maven build deletes and rewrites class files, to choose
# reloader.quiet-period and reloader.deletion-quiet-period.
# Usage: benchmarks/quiet-period/measure.sh [RUNS] [EXTRA_CLASSES]
# Needs the Spring Boot and compiler plugin artifacts in the local Maven repository
# (a build of this project puts them there); runs Maven offline.
set -euo pipefail
runs=${1:-5}
extra=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$work/app
mkdir -p "$project/src/main/java/demo"
cp "$top"/samples/reloader-sample-web/src/main/java/dev/reloader/sample/web/GreetingController.java "$project/src/main/java/demo/"
sed -i 's/^package .*/package demo;/' "$project/src/main/java/demo/GreetingController.java"
cat > "$project/src/main/java/demo/DemoApplication.java" <<JAVA
package demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
JAVA
for i in $(seq 1 "$extra"); do
	printf 'package demo;\n\nclass Extra%d {\n\n\tString name() {\n\t\treturn "extra %d" + new GreetingController().greeting();\n\t}\n\n}\n' "$i" "$i" \
		> "$project/src/main/java/demo/Extra$i.java"
done
boot=$(sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' "$top/pom.xml")
cat > "$project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
	<modelVersion>4.0.0</modelVersion>
	<groupId>demo</groupId>
	<artifactId>demo</artifactId>
	<version>1</version>
	<properties>
		<maven.compiler.release>17</maven.compiler.release>
		<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
	</properties>
	<dependencies>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-webmvc</artifactId>
			<version>$boot</version>
		</dependency>
	</dependencies>
	<build>
		<plugins>
			<plugin>
				<groupId>org.apache.maven.plugins</groupId>
				<artifactId>maven-compiler-plugin</artifactId>
				<version>3.14.0</version>
			</plugin>
			<plugin>
				<groupId>org.apache.maven.plugins</groupId>
				<artifactId>maven-resources-plugin</artifactId>
				<version>3.3.1</version>
			</plugin>
		</plugins>
	</build>
</project>
POM
cd "$project"
mvn -B -q -o compile
echo "== mvn compile after one source edit, $((extra + 2)) classes, $runs runs"
java "$here/BuildWriteTimeline.java" target/classes src/main/java/demo/GreetingController.java "$runs" mvn -B -q -o compile
