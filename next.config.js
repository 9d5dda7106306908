// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Temporal SDK relies on runtime reflection and a native bridge; Next must not bundle or minify it.
  // OpenTelemetry and pino stay external too: one copy of each, shared by our code and the interceptors.
  serverExternalPackages: [
    '@temporalio/client',
    '@temporalio/common',
    '@temporalio/envconfig',
    '@temporalio/proto',
    '@temporalio/workflow',
    '@temporalio/interceptors-opentelemetry',
    '@temporalio/plugin',
    '@opentelemetry/api',
    '@opentelemetry/context-async-hooks',
    '@opentelemetry/core',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/otlp-exporter-base',
    '@opentelemetry/otlp-transformer',
    '@opentelemetry/resources',
    '@opentelemetry/sdk-trace-base',
    'pino',
    'prom-client',
  ],
  // Separate build folders let the e2e, chaos and bench stacks build without touching the one `npm start` serves.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // `npm test` type-checks the whole repo in its own stage just before building; checking again here would
  // only repeat that work. Every other build (npm start, npm run build) still type-checks.
  typescript: { ignoreBuildErrors: process.env.NEXT_BUILD_SKIP_TYPECHECK === '1' },
  turbopack: {
    // SWR imports React's useSyncExternalStore through a shim for React 17; React 19 has it (see the file).
    resolveAlias: {
      'use-sync-external-store/shim': { browser: './browser/swr/use-sync-external-store.ts' },
    },
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
