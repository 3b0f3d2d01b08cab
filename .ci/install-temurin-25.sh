#!/usr/bin/env bash
# Install the Temurin 25 JDK for .ci/smoke.sh from Adoptium's Debian repository, unless a
# JDK 25 is already there (JDK25_HOME, or where the temurin-25-jdk package puts it).
set -euo pipefail

home=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$home/bin/java" ]; then
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q wget gpg ca-certificates
wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public \
	| gpg --dearmor > /usr/share/keyrings/adoptium.gpg
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $codename main" \
	> /etc/apt/sources.list.d/adoptium.list
apt-get update -q
apt-get install -y -q temurin-25-jdk
