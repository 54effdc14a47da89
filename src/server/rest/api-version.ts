// The NetBox REST API level Proxbox speaks (NetBox's API-Version header, `major.minor`). No imports:
// src/proxy.ts stamps it on every /api/ response, including redirects and 404s no handler produced.
export const API_VERSION = "4.6";
