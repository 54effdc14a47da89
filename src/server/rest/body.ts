import { ApiError } from "./errors";

// Request bodies: JSON only (NetBox also takes multipart, which no API client of ours needs).

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The parsed JSON body; `undefined` when there is none (a DELETE without a body). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  const text = await request.text();
  if (text.trim() === "") return undefined;
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ApiError(413, { detail: "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE." });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, { detail: `JSON parse error - ${(err as Error).message}` });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The route's `{id}` as a positive int4, or null (→ 404, as Django's `<int:pk>` would not match). */
export function routeId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}
