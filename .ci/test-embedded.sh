#!/usr/bin/env bash
# `npm test` the way the README tells a newcomer to run it: no
# TEST_DATABASE_URL (nor DATABASE_URL), so the test databases live on the
# embedded PostgreSQL in .data/test, initialised from nothing as on a fresh
# machine. Afterwards no postgres may be left running on that cluster, and the
# cluster is removed so the next run starts from nothing again.
set -euo pipefail
cd "$(dirname "$0")/.."

cluster_root=.data/test
# As root, with the project in a folder others cannot enter, the cluster lives
# under /var/tmp instead (lib/db/embedded-postgres.ts, reachableDataRoot).
fallback_root="/var/tmp/logshare-$(printf '%s' "$(pwd -P)/$cluster_root" | sha256sum | cut -c1-12)"

left_running() {
  local root
  for root in "$cluster_root" "$fallback_root"; do
    if [ -e "$root/embedded-postgres.lock" ] || [ -e "$root/postgres/postmaster.pid" ]; then
      echo "$root"
      return 0
    fi
  done
  return 1
}

if root=$(left_running); then
  # An earlier run was killed before it could stop its postgres; npm test
  # stops such a leftover itself, but then the cluster would not be new.
  echo "note: $root holds a cluster left by an interrupted run; npm test will stop it and reuse it"
else
  rm -rf "$cluster_root" "$fallback_root"
fi

t=$SECONDS
status=0
env -u TEST_DATABASE_URL -u DATABASE_URL npm test || status=$?
echo "npm test (embedded PostgreSQL) took $((SECONDS - t)) s"

if root=$(left_running); then
  echo "the embedded test PostgreSQL in $root was left running"
  exit 1
fi
rm -rf "$cluster_root" "$fallback_root"
exit "$status"
