#!/usr/bin/env bash
# Make sure the PostgreSQL server named by the URL answers; start the local cluster if it is
# installed but down. The tests create their own database on it.
set -euo pipefail
url="${1:-postgres://postgres@127.0.0.1:5432/ruko_parsel}"
hostport="${url#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=5432

if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then exit 0; fi
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL is down; starting cluster $version/main" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && exit 0
    sleep 1
  done
fi
echo "PostgreSQL is not reachable at $host:$port. Set DATABASE_URL or start the server." >&2
exit 1
