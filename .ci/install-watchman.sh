#!/usr/bin/env bash
# Installs Watchman (the Debian package, 4.9 or later) for the tests that need a real
# server. Does nothing when the watchman command is already on the PATH.
set -euo pipefail

if command -v watchman >/dev/null 2>&1; then
	echo "watchman $(watchman --version) is already installed"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq watchman
echo "installed watchman $(watchman --version)"
