// Absolute URLs, as NetBox builds them from the request (or from PROXBOX_PUBLIC_URL behind a proxy).

export const API_BASE = "/api/plugins/proxbox";

export function originOf(request: Request): string {
  const configured = process.env.PROXBOX_PUBLIC_URL;
  if (configured && URL.canParse(configured)) return new URL(configured).origin;
  return new URL(request.url).origin;
}

/** The request's own absolute URL (DRF's build_absolute_uri), on the public origin. */
export function absoluteRequestUrl(request: Request): string {
  const url = new URL(request.url);
  return `${originOf(request)}${url.pathname}${url.search}`;
}

export type UrlBuilder = (resource: string, id: number) => string;

export function urlBuilder(origin: string): UrlBuilder {
  return (resource, id) => `${origin}${API_BASE}/${resource}/${id}/`;
}
