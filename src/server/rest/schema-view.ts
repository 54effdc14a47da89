import { stringify } from "yaml";
import { lastValue } from "@/server/filters";
import { notFound } from "./errors";
import { openApiDocument } from "./openapi";
import type { ApiContext } from "./with-api";

// The OpenAPI document in drf-spectacular's formats and media types: JSON (our default, as before)
// or ?format=yaml; ?format=openapi is what /api/docs/ answered in NetBox before drf-spectacular and
// what pynetbox's nb.openapi() still asks for. An unknown format is DRF's 404.

const JSON_TYPE = "application/vnd.oai.openapi+json";
const YAML_TYPE = "application/vnd.oai.openapi";

let yamlText: string | undefined;

export async function schemaResponse(ctx: ApiContext, formats: readonly string[]): Promise<Response> {
  const format = lastValue(ctx.params, "format") ?? "json";
  if (!formats.includes(format)) throw notFound();
  if (format === "yaml") {
    // The YAML library is well-kept and exact about quoting (a hand-written dump would not be).
    yamlText ??= stringify(openApiDocument(), { aliasDuplicateObjects: false });
    return new Response(yamlText, { headers: { "content-type": `${YAML_TYPE}; charset=utf-8` } });
  }
  return new Response(JSON.stringify(openApiDocument()), { headers: { "content-type": JSON_TYPE } });
}
