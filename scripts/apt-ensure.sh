#!/bin/sh
# Install the Debian packages listed in the given files, only those that are missing.
# Usage: scripts/apt-ensure.sh packages.txt [packages-test.txt ...]
set -eu
missing=""
for list in "$@"; do
    for pkg in $(grep -v '^\s*#' "$list"); do
        # "deinstall ok config-files" also makes `dpkg -s` succeed: check the real state.
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing="$missing $pkg"
        fi
    done
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "apt-get: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
