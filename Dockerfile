# syntax=docker/dockerfile:1
# orgplane daemon image: multi-stage, production dependencies only, non-root, works with
# a read-only root filesystem (all writes go to the state volume and /tmp).
#   docker build -t orgplane .
#   docker run --read-only --tmpfs /tmp -v orgplane-state:/var/lib/orgplane \
#     -v "$PWD/policies:/config:ro" -e OPENAI_ADMIN_KEY -p 9464:9464 orgplane
# Daemon settings come from ORGPLANE_* variables (below), so `docker run … orgplane daemon
# --mode apply` replaces the command and keeps the state folder, source and listen address.
# test/e2e/container.test.ts runs these steps (production install, start) without Docker.

# node:24-bookworm-slim (Node 24.18.0), pinned by digest so a rebuild gets the same base;
# bump it deliberately (e.g. with Dependabot's docker ecosystem).
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The `node` devDependency's install script fetches a Node binary: not needed to compile.
# (--ignore-scripts also skips `prepare`: the build is the explicit step below.)
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
# The image's Node 24 runs tsc directly (the skipped install script leaves no node_modules/.bin/node).
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json && node scripts/post-build.mjs

FROM ${NODE_IMAGE} AS runtime
# git (and ssh for git@ URLs) for git sources; ca-certificates for https remotes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
# No NODE_OPTIONS heap flags: the CLI sizes V8's heap itself (src/cli/heap-defaults.ts,
# ~210 MB peak RSS at 10,000 people against 273 MB with --max-semi-space-size=16); heap
# flags given here would replace its sizing.
ENV NODE_ENV=production \
    HOME=/var/lib/orgplane \
    GIT_CONFIG_NOSYSTEM=1 \
    ORGPLANE_STATE_DIR=/var/lib/orgplane \
    ORGPLANE_SOURCE=/config \
    ORGPLANE_LISTEN=0.0.0.0:9464
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; the `node` devDependency is absent, which is right here:
# the image's own Node 24 runs orgplane.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force && rm -rf /root/.npm
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
RUN mkdir -p /var/lib/orgplane /config && chown node:node /var/lib/orgplane
USER node
VOLUME ["/var/lib/orgplane"]
EXPOSE 9464
# Probes /healthz where the daemon listens: --listen on its command line, else ORGPLANE_LISTEN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/app/dist/healthcheck.js"]
# tini forwards SIGTERM to node and reaps git's children.
ENTRYPOINT ["tini", "--", "node", "/app/dist/cli.js"]
CMD ["daemon"]
