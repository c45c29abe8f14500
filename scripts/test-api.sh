#!/usr/bin/env bash
# csp-server's API checked from outside, as an integrator meets it: the OpenAPI document it
# serves validated as OpenAPI 3.1, then schemathesis with every check and every phase
# (stateful through the document's links) against a demo server on a fresh database.
# Usage: scripts/test-api.sh VENV SERVER_BINARY   (make test-api)
set -euo pipefail
venv=$(realpath "$1")
server=$(realpath "$2")
port=${API_PORT:-5279}
url=http://127.0.0.1:$port
work=$(mktemp -d)

"$server" --demo --listen "127.0.0.1:$port" --db "$work/api.sqlite3" > "$work/server.log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  rm -rf "$work"
}
trap stop EXIT
for _ in $(seq 100); do
  curl -sf "$url/v1/server" > /dev/null && break
  sleep 0.1
done

curl -sf "$url/v1/openapi.json" > "$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

# A demo user signs in by id alone.
token() {
  curl -sf -X POST -H 'content-type: application/json' -d "{\"user\":\"$1\"}" "$url/v1/session" |
    "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
# One seed, so that a red run can be replayed and CI does not turn red on a new draw; set
# API_FUZZ_SEED=random to explore (a failure it finds is a bug to fix, then to keep fixed).
seed=${API_FUZZ_SEED:-20211014}
seeding=(--seed "$seed")
[ "$seed" = random ] && seeding=()
run() {
  local user=$1
  shift
  echo "schemathesis as $user $*"
  (cd server/fuzz && PYTHONPATH=. SCHEMATHESIS_HOOKS=hooks "$venv/bin/schemathesis" run \
    "$url/v1/openapi.json" --checks all --workers 2 --generation-database none "${seeding[@]}" \
    --report-dir "$work/report" -H "Authorization: Bearer $(token "$user")" "$@")
}
# Avery is an Admin agent (buys, reveals keys, cancels); Gale a Global admin (the activity log,
# users). Signing out ends the token a run uses, so DELETE /v1/session gets a run of its own.
run avery --exclude-method DELETE
run gale --exclude-method DELETE
run gale --include-method DELETE --phases examples,coverage,fuzzing
if grep -n 'panicked' "$work/server.log"; then
  echo "csp-server panicked during the run (above)."
  exit 1
fi
echo "test-api: the document is valid OpenAPI 3.1 and schemathesis found no failure."
