#!/usr/bin/env bash
# Runs the built service (dist/main.js, from scripts/build-service.mjs) as `npm start` and the
# Docker image do, with the memory settings measured in README.md ("Memory"):
# - MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (libuv's pool, onnxruntime, V8's
#   workers) an arena of its own, up to 8 per core, and keeps their freed memory;
# - MALLOC_MMAP_THRESHOLD_=131072: blocks of 128 KB and more are mapped and unmapped on their own
#   (glibc otherwise raises this threshold after the first large free, and the dictionary load's
#   and the prompt warm-up's large short-lived buffers stay in the heap after they are freed);
# - --max-semi-space-size=8: caps V8's young generation at 3 × 8 MB (it grows to 64–128 MB during
#   start-up and keeps its pages).
# Either variable set in the environment wins.
set -euo pipefail
cd "$(dirname "$0")/.."
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
exec node --enable-source-maps --max-semi-space-size=8 dist/main.js "$@"
