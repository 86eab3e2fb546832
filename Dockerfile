# syntax=docker/dockerfile:1
# PicoShare image (issue 5): the server plus Litestream, sized for a 256 MB machine.
#   docker build -t picoshare .
#   docker run -p 4001:4001 -v picoshare-data:/data -e PS_SHARED_SECRET=... picoshare
# The README's "Deploying" section has the rest. Litestream comes from npm for linux x64 only,
# so build for linux/amd64 (Fly's machines are amd64).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 is compiled from source (.npmrc), which needs a toolchain.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
# node-gyp finds the headers of the image's own Node here instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
# What remains of /app after this step is the runtime tree: compiled code,
# production dependencies and whatever the server reads at run time
# (migrations/ and any other folder .dockerignore lets in).
RUN npm run build \
    && npm prune --omit=dev --no-audit --no-fund \
    && rm -rf src tsconfig*.json .npmrc \
    && chmod 755 scripts/docker-entrypoint.sh \
    && { node_modules/@flydotio/litestream-linux-x64/litestream version \
         || { echo "Litestream comes for linux/amd64 only: build with --platform linux/amd64" >&2; exit 1; }; }

FROM ${NODE_IMAGE}
# tini forwards signals to the entrypoint and reaps orphans; setpriv (util-linux,
# already in the base image) lets the entrypoint drop root.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini libjemalloc2 \
    && rm -rf /var/lib/apt/lists/*

# The app files stay owned by root: the server only writes under /data.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data

# Memory for a 256 MB machine. Measured while 60 MB uploads were shipped to S3:
# the server peaked near 95 MB resident (its heap far below the 96 MB cap, which
# only stops a leak before the kernel has to), Litestream near 72 MB with its Go
# runtime aiming below 48 MiB. That leaves room for the kernel and page cache.
# MALLOC_ARENA_MAX keeps glibc from growing one malloc arena per thread.
# jemalloc (Debian's) gives freed memory back to the kernel within a second or
# two: after 1,000 stalled uploads and three real ones, glibc kept 23 MiB over
# idle, jemalloc 18 (npm run bench -- --hostile, issue 10); after 200 aborted
# uploads, glibc kept 40 MiB, jemalloc 14.
ENV NODE_OPTIONS=--max-old-space-size=96 \
    MALLOC_ARENA_MAX=2 \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:2 \
    GOMEMLIMIT=48MiB \
    LITESTREAM_RETENTION=72h \
    PICOSHARE_USER=node

WORKDIR /app
EXPOSE 4001

# Starts as root only to hand a freshly mounted /data (Fly mounts volumes owned by
# root) to the user "node"; the entrypoint then runs Litestream and the server as
# that user. `docker run --user node` skips that step.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/app/scripts/docker-entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "-s", "--", "/app/scripts/docker-entrypoint.sh"]
CMD ["-db", "/data/store.db"]
