#!/usr/bin/env bash
# Makes sure the machine has what the test suite talks to: OpenLDAP's slapd and
# tools (the tests start their own throwaway directory), OpenSSL (test CA),
# Debian's Chromium (browser tests), and reachable PostgreSQL and Redis.
# Installs missing Debian packages when it can (root or sudo); otherwise says
# exactly what to run.
set -euo pipefail

packages=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || packages+=(slapd)
command -v ldapadd >/dev/null 2>&1 || packages+=(ldap-utils)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || packages+=(chromium)

if [ "${#packages[@]}" -gt 0 ]; then
  install=(apt-get install -y --no-install-recommends "${packages[@]}")
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "Missing test dependencies: ${packages[*]}. Install them with: sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  echo "Installing test dependencies: ${packages[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${install[@]}" >/dev/null
fi

reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
pg_url="${WARBLE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! reachable 127.0.0.1 5432 && [ -z "${WARBLE_TEST_PG_URL:-}" ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432. The integration tests run on SQLite and again on PostgreSQL:" >&2
  echo "start one (e.g. apt-get install postgresql, trust auth for 127.0.0.1) or set WARBLE_TEST_PG_URL (now: $pg_url)." >&2
  exit 1
fi
if ! reachable 127.0.0.1 6379 && [ -z "${WARBLE_TEST_REDIS_URL:-}" ]; then
  echo "Redis is not reachable on 127.0.0.1:6379 (apt-get install redis-server), or set WARBLE_TEST_REDIS_URL." >&2
  exit 1
fi
