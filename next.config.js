// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Temporal SDK relies on runtime reflection and a native bridge; Next must not bundle or minify it.
  serverExternalPackages: ['@temporalio/client', '@temporalio/common', '@temporalio/proto', '@temporalio/workflow'],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
