# Web app and worker image (docker-compose.yml runs it twice with different commands).
# Multi-stage: install and build with dev dependencies, ship only production ones.

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:24-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build + the prebuilt workflow bundle (dist/workflow-bundle.js) the worker loads.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
WORKDIR /app
# HOST=0.0.0.0: a container must listen on its own interface to be reached at all, so the web app
# refuses to start without AUTH_SECRET (sign-in) here; see docs/security.md.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/data HOST=0.0.0.0 PORT=3000
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 3000
# Overridden per service in docker-compose.yml; the web app is the default.
CMD ["node", "scripts/web.mjs"]
