#!/bin/sh
# The server the browser tests drive: a fresh SQLite database, migrated and seeded.
set -eu
port="$1"
slotlink="${SLOTLINK:-../.venv/bin/slotlink}"
directory="$(mktemp -d)"
export DATABASE_URL="sqlite://$directory/e2e.db"
export SLOTLINK_ENV=development
export SLOTLINK_CORS_ORIGINS=http://127.0.0.1:5173
"$slotlink" migrate >/dev/null
mkdir -p e2e-state
"$slotlink" seed-demo >e2e-state/seed.txt
exec "$slotlink" serve --host 127.0.0.1 --port "$port" --log-level warning
