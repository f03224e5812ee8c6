#!/bin/sh
# The server the browser tests drive: a fresh SQLite database, migrated and seeded.
set -eu
port="$1"
slotlink="${SLOTLINK:-../.venv/bin/slotlink}"
directory="$(mktemp -d)"
export DATABASE_URL="sqlite://$directory/e2e.db"
export SLOTLINK_ENV=development
"$slotlink" migrate >/dev/null
"$slotlink" seed-demo >/dev/null
exec "$slotlink" serve --host 127.0.0.1 --port "$port" --log-level warning
