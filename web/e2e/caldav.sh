#!/bin/sh
# A real CalDAV server (Radicale) for the calendar screen's tests, on a fresh folder, with one
# user whose name and password e2e/caldav.ts knows.
set -eu
port="$1"
python="${PYTHON:-../.venv/bin/python}"
directory="$(mktemp -d)"
printf 'hana:app-password-1\n' >"$directory/users"
exec "$python" -m radicale \
  --storage-filesystem-folder="$directory/collections" \
  --auth-type=htpasswd \
  --auth-htpasswd-filename="$directory/users" \
  --auth-htpasswd-encryption=plain \
  --server-hosts="127.0.0.1:$port" \
  --logging-level=error
