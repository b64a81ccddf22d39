# DevSmith Logs image: build with dev dependencies, run with production ones only, as a non-root user.
#   docker build -t devsmith-logs .
#   docker run -d -p 3000:3000 -v devsmith-data:/data devsmith-logs
# BASE_IMAGE builds (Node 20 with npm and headers); RUNTIME_IMAGE runs, with only the node binary copied in:
# no npm, no compiler, no headers in the image that serves. docs/deploy.md has the compose stacks.
ARG BASE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
# better-sqlite3 falls back to compiling when no prebuilt binary matches: have the toolchain either way.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The repo's .npmrc points node-gyp at /usr (a Debian host); Node images keep the headers under /usr/local.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-server.mjs ./scripts/
COPY src ./src
COPY web ./web
# LOCAL_AI=on keeps the in-process model runtime (node-llama-cpp with its CPU build only: +70 MB, and a GGUF model to
# mount, docs/insights-ai.md); the default image leaves it out and answers with DEVSMITH_AI_PROVIDER=openai or not at all.
ARG LOCAL_AI=off
RUN npm run build \
 && if [ "$LOCAL_AI" != on ]; then node -e "const fs=require('fs'),p=JSON.parse(fs.readFileSync('package.json'));delete p.dependencies['node-llama-cpp'];fs.writeFileSync('package.json',JSON.stringify(p,null,2))"; fi \
 && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p node_modules/@node-llama-cpp \
 && find node_modules/@node-llama-cpp -mindepth 1 -maxdepth 1 ! -name "linux-$(node -p process.arch)" -exec rm -rf {} + \
 && { [ "$LOCAL_AI" = on ] || rm -rf node_modules/@node-llama-cpp; } \
 && rm -rf node_modules/.cache \
 && cp "$(command -v node)" /app/node

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="DevSmith Logs" \
      org.opencontainers.image.description="Self-hosted log platform: one HTTP API for structured logs from any language, search, live tail, errors." \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/devsmith/devsmith-logs" \
      org.opencontainers.image.documentation="https://github.com/devsmith/devsmith-logs/blob/main/docs/deploy.md"
RUN groupadd --system --gid 10001 devsmith \
 && useradd --system --uid 10001 --gid devsmith --home-dir /data --shell /usr/sbin/nologin devsmith \
 && mkdir -p /data && chown devsmith:devsmith /data
COPY --from=build /app/node /usr/local/bin/node
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DEVSMITH_DATA_DIR=/data \
    DEVSMITH_WEB_DIR=/app/dist/web
USER devsmith
VOLUME ["/data"]
EXPOSE 3000
# Ready means the store answers: an orchestrator routes traffic only then (compose: depends_on service_healthy).
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the graceful drain (DEVSMITH_SHUTDOWN_TIMEOUT_SECONDS, 10 s): give compose/k8s a longer grace.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["start"]
