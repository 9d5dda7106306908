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
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 3000
# Overridden per service in docker-compose.yml; the web app is the default.
CMD ["node_modules/.bin/next", "start", "-p", "3000", "-H", "0.0.0.0"]
