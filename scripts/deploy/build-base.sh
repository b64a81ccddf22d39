#!/usr/bin/env bash
# Builds a local stand-in for node:20-bookworm-slim when no image registry is reachable: a Debian bookworm
# root filesystem from debootstrap (Debian's own mirror), slimmed like the -slim images, with this machine's
# Node 20 (binary, npm, headers) copied to /usr/local as the official image has them. Cached by its tag.
# Also a node-less one standing in for debian:bookworm-slim (the Dockerfile's RUNTIME_IMAGE).
# Usage: scripts/deploy/build-base.sh   (prints BASE_IMAGE=... and RUNTIME_IMAGE=... lines on stdout)
set -euo pipefail
NODE_VERSION=$(node --version)
TAG=devsmith-local/node:${NODE_VERSION#v}-bookworm-slim
SLIM=devsmith-local/debian:bookworm-slim
if docker image inspect "$TAG" >/dev/null 2>&1 && docker image inspect "$SLIM" >/dev/null 2>&1; then
  printf 'BASE_IMAGE=%s\nRUNTIME_IMAGE=%s\n' "$TAG" "$SLIM"; exit 0
fi
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
rm -rf "$STAGE"/var/cache/apt/archives/*.deb "$STAGE"/var/cache/apt/*.bin "$STAGE"/var/lib/apt/lists/* "$STAGE"/usr/share/doc/* \
  "$STAGE"/usr/share/man/* "$STAGE"/usr/share/info/* "$STAGE"/var/log/*.log
find "$STAGE/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
tar -C "$STAGE" -c . | docker import --change 'CMD ["bash"]' - "$SLIM" >&2
NODE_BIN=$(readlink -f "$(command -v node)")
NODE_PREFIX=$(dirname "$(dirname "$NODE_BIN")")
install -D -m 0755 "$NODE_BIN" "$STAGE/usr/local/bin/node"
mkdir -p "$STAGE/usr/local/lib/node_modules" "$STAGE/usr/local/include"
cp -a "$NODE_PREFIX/lib/node_modules/npm" "$STAGE/usr/local/lib/node_modules/npm"
cp -a "$NODE_PREFIX/include/node" "$STAGE/usr/local/include/node"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$STAGE/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$STAGE/usr/local/bin/npx"
# The build stage fetches npm packages: it must trust what this machine trusts (a TLS-inspecting egress
# proxy's CA, say). Only this local stand-in gets the bundle; the published Dockerfile needs none.
CA_CHANGES=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$STAGE/usr/local/share/host-ca-bundle.crt"
  CA_CHANGES=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca-bundle.crt' --change 'ENV npm_config_cafile=/usr/local/share/host-ca-bundle.crt')
fi
tar -C "$STAGE" -c . | docker import "${CA_CHANGES[@]}" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
  --change 'CMD ["node"]' - "$TAG" >&2
printf 'BASE_IMAGE=%s\nRUNTIME_IMAGE=%s\n' "$TAG" "$SLIM"
