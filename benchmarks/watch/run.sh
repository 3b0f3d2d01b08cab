#!/usr/bin/env bash
# Benchmarks the reloaders on a generated tree of files and, where Django is importable,
# Django's StatReloader on the same tree with the same interval. Results go to stdout.
#
#   benchmarks/watch/run.sh                   # 100,000 files, 1000 ms interval, 20 s idle, 50 writes
#   FILES=10000 IDLE_SECONDS=5 benchmarks/watch/run.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
files="${FILES:-100000}"
interval_ms="${INTERVAL_MS:-1000}"
idle_seconds="${IDLE_SECONDS:-20}"
writes="${WRITES:-50}"
tree="${TREE:-${TMPDIR:-/tmp}/reloader-watch-benchmark-$files}"
reloaders="${RELOADERS:-none floor stat native watchman}"

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"

module="$repo/reloader-spring-boot-autoconfigure"
(cd "$repo" && mvn -B -q -Dstyle.color=never -pl reloader-spring-boot-autoconfigure compile \
	dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$module/target/benchmark-classpath.txt" >/dev/null)
classpath="$module/target/classes:$(cat "$module/target/benchmark-classpath.txt")"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
header=true
for reloader in $reloaders; do
	# One JVM per reloader, so that one's garbage and compilation do not show in the next one's figures.
	java -Xmx512m -Dbenchmark.header="$header" -cp "$classpath" "$here/WatchBenchmark.java" \
		"$tree" "$files" "$interval_ms" "$idle_seconds" "$writes" "$reloader"
	header=false
done

# Watchman holds a notification until the root has been quiet for its settle period (20 ms
# unless configured). A project can lower it in the .watchmanconfig beside its .git; this
# row measures the same reloader with {"settle": 1} there.
if [[ " $reloaders " == *" watchman "* ]] && command -v watchman >/dev/null; then
	watchman watch-del "$tree" >/dev/null 2>&1 || true
	echo '{"settle": 1}' >"$tree/.watchmanconfig"
	java -Xmx512m -Dbenchmark.header=false -Dbenchmark.label=watchman-1 -cp "$classpath" \
		"$here/WatchBenchmark.java" "$tree" "$files" "$interval_ms" "$idle_seconds" "$writes" watchman || true
	watchman watch-del "$tree" >/dev/null 2>&1 || true
	rm -f "$tree/.watchmanconfig"
fi

django_python() {
	# The Debian package installs into the system interpreter, which a python3 earlier on
	# the PATH (pyenv, a virtualenv) does not see.
	for python in python3 /usr/bin/python3; do
		if command -v "$python" >/dev/null && "$python" -c 'import django' 2>/dev/null; then
			echo "$python"
			return
		fi
	done
}
if [ -z "$(django_python)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "installing python3-django for the reference figures"
	apt-get install -y -q python3-django >/dev/null 2>&1 || true
fi
python="$(django_python)"
if [ -n "$python" ]; then
	"$python" "$here/django_stat_reloader.py" "$tree" "$interval_ms" "$idle_seconds"
else
	echo "django     skipped: python3-django is not importable (apt-get install python3-django)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
