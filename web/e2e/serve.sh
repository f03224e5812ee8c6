#!/bin/sh
# The server the browser tests drive: a fresh SQLite database, migrated and seeded.
# Mode "trusted": production, where anonymous callers may run only the trusted documents (the
# pages' own).
set -eu
port="$1"
mode="${2:-open}"
slotlink="${SLOTLINK:-../.venv/bin/slotlink}"
directory="$(mktemp -d)"
export DATABASE_URL="sqlite://$directory/e2e.db"
export SLOTLINK_ENV=development
export SLOTLINK_CORS_ORIGINS=http://127.0.0.1:5173
seed="e2e-state/seed-$port.txt"
if [ "$mode" = trusted ]; then
  # The documents graphql-http's audit sends, so that it can run anonymously here too.
  export SLOTLINK_TRUSTED_DOCUMENTS="$(pwd)/e2e/audit-documents.json"
  export SLOTLINK_ENV=production
  export SLOTLINK_SECRET_KEY=e2e-production-secret-key-of-enough-length
  export SLOTLINK_DRAIN_SECONDS=0
fi
"$slotlink" migrate >/dev/null
mkdir -p e2e-state
"$slotlink" seed-demo >"$seed"
exec "$slotlink" serve --host 127.0.0.1 --port "$port" --log-level warning
