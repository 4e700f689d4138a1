#!/bin/sh
# Install or upgrade the Muster cluster from a Tower 3.1-style inventory:
#   ./setup.sh [-i INVENTORY] [-e VAR=VALUE | -e @vars.yml]... [-h] [-- MUSTER_PLAY_OPTIONS...]
# Re-run unchanged: changes nothing. Re-run with more [tower] hosts: provisions and joins them.
# Needs no root here, only SSH (or ansible_connection=local) to the hosts as root or a sudo user.
# A thin layer: `muster setup` checks the inventory and runs playbooks/install.yml with the engine.
set -e
here=$(cd "$(dirname "$0")" && pwd)
# In a checkout (not the bundle, which ships dist/), build the node service when it is missing or stale.
if [ -f "$here/node/pom.xml" ]; then
    dist="$here/node/target/muster-node-dist.tar.gz"
    if [ ! -f "$dist" ] || [ -n "$(find "$here/node/src/main" "$here/node/pom.xml" -newer "$dist" -print -quit 2>/dev/null)" ]; then
        echo "setup: building the node service (mvn -q package)..." >&2
        log=$(mktemp)
        if ! (cd "$here" && mvn -q -B -Dstyle.color=never -DskipTests -pl node -am package) >"$log" 2>&1; then
            cat "$log" >&2; rm -f "$log"; echo "setup: the build failed" >&2; exit 1
        fi
        rm -f "$log"
    fi
fi
exec "$here/muster" setup --home "$here" "$@"
