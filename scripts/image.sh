#!/usr/bin/env bash
# Builds and tries the service's OCI image without a Docker engine (Debian's buildah, chroot
# isolation: works inside a container and as root without user namespaces).
#   bash scripts/image.sh build   the base: node:24-bookworm-slim when a registry answers, else one
#                                 assembled here (mmdebstrap: Debian bookworm minbase, plus the npm
#                                 registry's node@24 and npm, and a `node` user, as the official
#                                 image has); then the repository's Dockerfile on it (BASE build arg)
#   bash scripts/image.sh smoke   runs the image's own command (embedded PostgreSQL, as the `node`
#                                 user), waits for /api/ready, books through the public API, places a
#                                 simulated call, sends SIGTERM and checks the drain; prints the
#                                 image size and the time to ready
# IMAGE (default localhost/ivr-booking:latest), SMOKE_PORT (default 3990). The assembled base has
# the official image's apt layout (deb822 /etc/apt/sources.list.d/debian.sources), which the
# Dockerfile edits to enable non-free.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE="${IMAGE:-localhost/ivr-booking:latest}"
BASE_LOCAL=localhost/ivr-base:bookworm-node24
export BUILDAH_ISOLATION=chroot STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
say() { echo "image: $*" >&2; }

assemble_base() {
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  say "no registry image: assembling $BASE_LOCAL from Debian packages (mmdebstrap) and the npm registry's node@24"
  npm install --prefix "$work/node" --no-audit --no-fund --no-save node@24 >&2
  local node_bin; node_bin="$(readlink -f "$work/node/node_modules/.bin/node")"
  (cd "$work" && npm pack --silent npm@11.19.1 >/dev/null && mkdir npm && tar -xzf npm-11.19.1.tgz -C npm --strip-components=1)
  cp "$node_bin" "$work/node-binary"
  mmdebstrap --variant=minbase --include=ca-certificates,bash --components=main \
    --customize-hook="copy-in $work/node-binary /usr/local/bin" \
    --customize-hook="mv \"\$1/usr/local/bin/node-binary\" \"\$1/usr/local/bin/node\"" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\"" \
    --customize-hook="copy-in $work/npm /usr/local/lib/node_modules" \
    --customize-hook="ln -s ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\"" \
    --customize-hook="ln -s ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
    --customize-hook="chroot \"\$1\" groupadd --gid 1000 node" \
    --customize-hook="chroot \"\$1\" useradd --uid 1000 --gid node --shell /bin/bash --create-home node" \
    --customize-hook="rm -rf \"\$1/var/lib/apt/lists\"/* \"\$1/var/cache/apt\"/*.bin" \
    --customize-hook="rm -f \"\$1/etc/apt/sources.list\"" \
    --customize-hook="printf '%s\\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm bookworm-updates' 'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' '' 'Types: deb' 'URIs: http://deb.debian.org/debian-security' 'Suites: bookworm-security' 'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' > \"\$1/etc/apt/sources.list.d/debian.sources\"" \
    bookworm "$work/rootfs.tar" http://deb.debian.org/debian >&2
  local c; c="$(buildah from scratch)"
  buildah add "$c" "$work/rootfs.tar" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env NODE_VERSION="$("$node_bin" --version)" --cmd node "$c"
  buildah commit --rm "$c" "$BASE_LOCAL" >/dev/null
}

build() {
  local base=docker.io/library/node:24-bookworm-slim t0=$SECONDS
  if timeout 60 buildah pull -q "$base" >/dev/null 2>&1; then
    say "base: $base"
  else
    buildah inspect "$BASE_LOCAL" >/dev/null 2>&1 || assemble_base
    base="$BASE_LOCAL"
    say "base: $base (assembled here)"
  fi
  # Behind a TLS-inspecting proxy (NODE_EXTRA_CA_CERTS on this machine) npm in the build needs its CA:
  # mounted for the build only, never copied into the image.
  local ca=()
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    ca=(--volume "$NODE_EXTRA_CA_CERTS:/run/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
  fi
  buildah bud --isolation chroot --layers=false "${ca[@]}" --build-arg "BASE=$base" -t "$IMAGE" -f "$root/Dockerfile" "$root" >&2
  say "built $IMAGE in $((SECONDS - t0)) s; size $(buildah images --format '{{.Size}}' "$IMAGE" | head -1)"
}

smoke() {
  local port="${SMOKE_PORT:-3990}" started ready_s
  # Globals: the EXIT trap runs after this function's locals are gone.
  c="$(buildah from "$IMAGE")"
  log="$(mktemp)"
  trap 'buildah rm "${c:-}" >/dev/null 2>&1 || true; rm -f "${log:-}"' EXIT
  local secret token; secret="$(openssl rand -hex 32)"; token="$(openssl rand -hex 16)"
  started=$SECONDS
  # The image's own command as its user; chroot isolation shares this machine's network.
  buildah run --isolation chroot --user node \
    --env PORT="$port" --env HOST=127.0.0.1 --env PUBLIC_URL="https://127.0.0.1:$port" --env EMBEDDED_PG_PORT="$((port + 1))" \
    --env ANALYTICS_CALLER_SECRET="$secret" --env BACKUP_KEY="$(openssl rand -hex 32)" --env BACKUP_CRON=off \
    --env TWILIO_AUTH_TOKEN="$token" --env SHUTDOWN_GRACE_MS=5000 \
    "$c" -- /usr/bin/tini -- bash scripts/start-service.sh >"$log" 2>&1 &
  local runner=$!
  until curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null; do
    if ! kill -0 "$runner" 2>/dev/null; then say "the service exited before it was ready:"; tail -40 "$log" >&2; exit 1; fi
    if (( SECONDS - started > 240 )); then say "not ready after 240 s"; tail -40 "$log" >&2; exit 1; fi
    sleep 1
  done
  ready_s=$((SECONDS - started))
  say "ready in ${ready_s} s: $(curl -s "http://127.0.0.1:$port/api/ready")"
  # A web booking through the public API (the first open slot of the first venue).
  node "$root/scripts/image-smoke.mjs" "http://127.0.0.1:$port" >&2
  # A simulated phone call: signed webhook, media stream, the greeting heard, a key, hang up.
  (cd "$root" && bash scripts/setup-node.sh npx tsx telephony/simulator/cli.ts --url "http://127.0.0.1:$port" \
    --public-url "https://127.0.0.1:$port" --token "$token" --speed 4 wait:1500 press:1 wait:1500 hangup) >&2
  # SIGTERM to the service (node, under tini): it drains and stops its database last.
  local pid; pid="$(pgrep -u 1000 -f "dist/main.js" | head -1)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$runner" 2>/dev/null && (( waited < 60 )); do sleep 1; waited=$((waited + 1)); done
  if kill -0 "$runner" 2>/dev/null; then say "still running 60 s after SIGTERM"; exit 1; fi
  grep -q '"msg":"service started"' "$log" && say "drained and stopped ${waited} s after SIGTERM"
  if pgrep -f "postgres -D /app/.data/postgres" >/dev/null 2>&1; then say "PostgreSQL left running"; exit 1; fi
  say "smoke passed; image $(buildah images --format '{{.Size}}' "$IMAGE" | head -1), ready in ${ready_s} s"
}

case "${1:-}" in
  build) build ;;
  smoke) smoke ;;
  *) echo "usage: bash scripts/image.sh build|smoke" >&2; exit 2 ;;
esac
