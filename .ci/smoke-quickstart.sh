#!/usr/bin/env bash
# The README's quick start, for real: `npm start` with no DATABASE_URL comes up
# on the embedded PostgreSQL with the demo data, a demo identity signs in
# through next-auth's endpoints, and after Ctrl-C no postgres is left.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SMOKE_PORT:-3199}"
base="http://127.0.0.1:$port"
log=$(mktemp)
jar=$(mktemp)

unset DATABASE_URL
t=$SECONDS
PORT=$port setsid npm start >"$log" 2>&1 &
pgid=$!
trap 'kill -KILL -- -$pgid 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
  if curl -fsS "$base/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pgid" 2>/dev/null; then echo "npm start exited early:"; cat "$log"; exit 1; fi
  sleep 1
done
curl -fsS "$base/api/health" >/dev/null || { echo "portal never became healthy:"; tail -50 "$log"; exit 1; }
echo "first npm start was healthy after $((SECONDS - t)) s"

csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -E 's/.*"csrfToken":"([^"]+)".*/\1/')
curl -fsS -o /dev/null -c "$jar" -b "$jar" -X POST "$base/api/auth/callback/credentials" \
  --data-urlencode "csrfToken=$csrf" --data-urlencode "email=admin@acme.example" \
  --data-urlencode "password=demo" --data-urlencode "json=true"
session=$(curl -fsS -b "$jar" "$base/api/auth/session")
echo "$session" | grep -q '"email":"admin@acme.example"' || { echo "sign-in failed: $session"; exit 1; }
page=$(curl -fsS -b "$jar" "$base/admin/acme.atlassian.net/apps")
echo "$page" | grep -q 'Timesheet Pro' || { echo "Connected apps did not list the demo apps"; exit 1; }
echo "demo sign-in works"

pm_pid=$(head -n 1 .data/postgres/postmaster.pid)
kill -INT -- -"$pgid"   # Ctrl-C
for _ in $(seq 1 30); do kill -0 "$pgid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pm_pid" 2>/dev/null; then echo "postgres $pm_pid is still running after Ctrl-C"; exit 1; fi
if [ -e .data/postgres/postmaster.pid ]; then echo "postmaster.pid left behind"; exit 1; fi
trap - EXIT
echo "quick-start smoke test passed: no postgres left after Ctrl-C"
