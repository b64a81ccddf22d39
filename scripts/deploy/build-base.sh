#!/usr/bin/env bash
# Builds a local stand-in for node:20-bookworm-slim when no image registry is reachable: a Debian bookworm
# root filesystem from debootstrap (Debian's own mirror), slimmed like the -slim images, with this machine's
# Node 20 (binary, npm, headers) copied to /usr/local as the official image has them. Cached by its tag.
# Usage: scripts/deploy/build-base.sh [TAG]   (prints the tag on stdout)
set -euo pipefail
NODE_VERSION=$(node --version)
TAG=${1:-devsmith-local/node:${NODE_VERSION#v}-bookworm-slim}
if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG"; exit 0; fi
CACHE=${DEVSMITH_DEPLOY_CACHE:-/var/cache/devsmith-deploy}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$CACHE"
if [ ! -f "$CACHE/rootfs/.complete" ]; then
  rm -rf "$CACHE/rootfs"
  echo "build-base: debootstrap bookworm into $CACHE/rootfs (a few minutes, once)" >&2
  debootstrap --variant=minbase bookworm "$CACHE/rootfs" "$MIRROR" >&2
  touch "$CACHE/rootfs/.complete"
fi
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -a "$CACHE/rootfs/." "$STAGE/"
rm -f "$STAGE/.complete"
# What the -slim images leave out: package caches and lists, docs, man pages, translations.
rm -rf "$STAGE"/var/cache/apt/archives/*.deb "$STAGE"/var/lib/apt/lists/* "$STAGE"/usr/share/doc/* \
  "$STAGE"/usr/share/man/* "$STAGE"/usr/share/info/* "$STAGE"/var/log/*.log
find "$STAGE/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
NODE_BIN=$(readlink -f "$(command -v node)")
NODE_PREFIX=$(dirname "$(dirname "$NODE_BIN")")
install -D -m 0755 "$NODE_BIN" "$STAGE/usr/local/bin/node"
mkdir -p "$STAGE/usr/local/lib/node_modules" "$STAGE/usr/local/include"
cp -a "$NODE_PREFIX/lib/node_modules/npm" "$STAGE/usr/local/lib/node_modules/npm"
cp -a "$NODE_PREFIX/include/node" "$STAGE/usr/local/include/node"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$STAGE/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$STAGE/usr/local/bin/npx"
tar -C "$STAGE" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
  --change 'CMD ["node"]' - "$TAG" >&2
echo "$TAG"
