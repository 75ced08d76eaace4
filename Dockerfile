# Warble container image.
#
#   docker build -t warble .
#   docker run -p 3000:3000 -v warble-data:/data warble
#
# Stages: `toolchain` (Node + compilers for the sqlite3 native addon),
# `deps` (production node_modules, compiled here), `build` (all dependencies,
# TypeScript -> dist/), and the final runtime stage, which compiles nothing:
# it receives node_modules from `deps`, built on the very same base image, so
# the addon matches the runtime's Node ABI and glibc. See docs/docker.md.

FROM node:24-bookworm-slim AS toolchain
WORKDIR /app
# sqlite3 builds from source with node-gyp when no prebuilt binary can be
# downloaded. The headers come from the image (/usr/local/include/node), so
# node-gyp need not download them either.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false

FROM toolchain AS deps
COPY package.json package-lock.json ./
# npm --omit=dev still installs a devDependency that a production package
# names as an optional peer (i18next -> typescript and its ~30 MB compiler
# binary), flagged "devOptional" in the lockfile (npm/cli#7740). Nothing needs
# it at run time: remove it, then the optional packages only it asked for.
RUN npm ci --omit=dev --no-audit --no-fund \
    && node -e " \
      const fs = require('node:fs'); \
      const lock = Object.entries(require('./package-lock.json').packages).filter(([dir]) => dir !== ''); \
      const root = require('./package.json'); \
      const asks = (pkg) => Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }); \
      for (const [dir, pkg] of lock) if (pkg.devOptional) fs.rmSync(dir, { recursive: true, force: true }); \
      for (let again = true; again; ) { \
        again = false; \
        const present = lock.filter(([dir]) => fs.existsSync(dir)); \
        const wanted = new Set([...asks(root), ...present.flatMap(([, pkg]) => asks(pkg))]); \
        for (const [dir, pkg] of present) { \
          if (pkg.optional && !wanted.has(dir.slice(dir.lastIndexOf('node_modules/') + 13))) { \
            fs.rmSync(dir, { recursive: true, force: true }); \
            again = true; \
          } \
        } \
      }"

FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# config/ and plugins/ are optional in the source tree; make sure both exist so
# the runtime stage can copy them either way.
RUN mkdir -p config plugins \
    && npm run build

FROM node:24-bookworm-slim AS runtime
LABEL org.opencontainers.image.title="Warble" \
      org.opencontainers.image.description="Self-hostable enterprise microblog" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    WARBLE_HOST=0.0.0.0 \
    WARBLE_DATA_DIR=/data
WORKDIR /app
# Application files stay owned by root: the service account can read them,
# not change them. Only /data is writable by it.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY views ./views
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
COPY --from=build /app/plugins ./plugins
RUN mkdir -p /data \
    && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# /healthz answers without touching the database; node itself is the client
# (the slim image has no curl or wget).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WARBLE_PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself, then drains requests,
# closes the database and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "bin/warble.js", "serve"]
