#!/usr/bin/env bash
# The deployment test (npm run test:deploy): builds the real Dockerfile and runs the compose stacks.
# No image registry is reachable here, so: Debian's docker.io, docker-compose and debootstrap (installed with
# apt when missing, as root), a local bookworm base with this machine's Node 20 (scripts/deploy/build-base.sh,
# cached by its tag), and PostgreSQL, Redis and nginx images built from it with Debian's packages
# (deploy/test-images). Starts dockerd when none runs, and stops it again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
step() { echo "==> [$(( $(date +%s) - START ))s] $*"; }

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "!!! missing ${need[*]}: sudo apt-get install ${need[*]}" >&2; exit 1; }
  step "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

DOCKERD_PID=
cleanup() {
  if [ -n "$DOCKERD_PID" ]; then step "stopping the dockerd this script started"; kill "$DOCKERD_PID" 2>/dev/null || true; wait "$DOCKERD_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
if ! docker info >/dev/null 2>&1; then
  step "starting dockerd"
  dockerd >/tmp/devsmith-dockerd.log 2>&1 &
  DOCKERD_PID=$!
  for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/devsmith-dockerd.log; exit 1; }
fi

# Debian's docker.io has no buildx: the classic builder, said explicitly (silences its deprecation notice).
export DOCKER_BUILDKIT=0
step "local base images"
eval "$(scripts/deploy/build-base.sh)"
export BASE_IMAGE RUNTIME_IMAGE

step "building the app image from the Dockerfile (BASE_IMAGE=$BASE_IMAGE)"
export DEVSMITH_DEPLOY_IMAGE=devsmith-logs:deploy-test
BUILD_START=$(date +%s)
docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" \
  --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" -t "$DEVSMITH_DEPLOY_IMAGE" . >/dev/null
echo "    image built in $(( $(date +%s) - BUILD_START ))s"

step "building the PostgreSQL, Redis and nginx stand-ins"
for name in postgres redis nginx; do
  docker build -q --build-arg BASE_IMAGE="$RUNTIME_IMAGE" -t "devsmith-local/$name:test" "deploy/test-images/$name" >/dev/null
done
export POSTGRES_IMAGE=devsmith-local/postgres:test REDIS_IMAGE=devsmith-local/redis:test NGINX_IMAGE=devsmith-local/nginx:test

step "running test/deploy"
set +e
node --import tsx --test --test-concurrency=1 --test-reporter=spec test/deploy/*.deploy.ts
status=$?
set -e
step "test:deploy finished with status $status"
exit $status
