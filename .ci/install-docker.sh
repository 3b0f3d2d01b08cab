#!/usr/bin/env bash
# Installs and starts a Docker Engine for the tests of containers at development time and of
# Docker Compose, then builds the test image they use. Idempotent: what is already there is kept.
#
# - The engine is Debian's docker.io; dockerd is started in the background when no engine answers.
# - Docker Compose v2 is needed (Spring Boot refuses Debian 12's docker-compose 1.29): the Debian 13
#   package docker-compose 2.26 runs here (it needs only libc6 2.34 or later). It is fetched with
#   apt-get download through a sources list of its own, without changing the system's apt setup,
#   and installed as the docker CLI plugin (`docker compose`).
# - No image registry is needed: the image reloader-test/busybox:1 is a busybox-static root file
#   system imported with `docker import`. Its command serves /www over HTTP on port 80 and ends
#   at once on SIGTERM.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
IMAGE=reloader-test/busybox:1
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
	apt-get update -qq
	apt-get install -y -qq "${need[@]}"
fi

if ! docker compose version >/dev/null 2>&1; then
	work=$(mktemp -d)
	mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
	echo 'deb http://deb.debian.org/debian trixie main' >"$work/sources.list"
	apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
	apt-get "${apt_options[@]}" update -qq
	(cd "$work" && apt-get "${apt_options[@]}" download -qq docker-compose)
	dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
	mkdir -p "$PLUGIN_DIR"
	install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
	rm -rf "$work"
fi

if ! docker info >/dev/null 2>&1; then
	echo "starting dockerd (log: /var/log/dockerd.log)"
	nohup dockerd >/var/log/dockerd.log 2>&1 &
	for _ in $(seq 1 60); do
		docker info >/dev/null 2>&1 && break
		sleep 1
	done
	if ! docker info >/dev/null 2>&1; then
		tail -n 30 /var/log/dockerd.log >&2
		echo "dockerd did not answer within 60 seconds" >&2
		exit 1
	fi
fi

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
	root=$(mktemp -d)
	mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/www"
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
	done
	echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
	echo 'ok' >"$root/www/index.html"
	chmod 1777 "$root/tmp"
	# A shell as process 1 that ends on SIGTERM: httpd as process 1 would ignore it, and every
	# stop would wait for its timeout
	tar -C "$root" -c . | docker import \
		-c 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM; httpd -f -p 80 -h /www & wait"]' - "$IMAGE"
	rm -rf "$root"
fi

echo "docker engine $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null | sed 's/^/compose /'), image $IMAGE"
