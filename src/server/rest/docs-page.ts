import { openApiDocument } from "./openapi";

// A self-contained HTML rendering of the OpenAPI document (no scripts, no CDN: the machines may have
// no network): one collapsible block per operation, its parameters, bodies and responses, then every
// schema as a field table.

type Json = Record<string, unknown>;

const esc = (text: unknown) =>
  String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

function typeOf(schema: Json | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop();
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.map((o) => typeOf(o as Json)).join(" | ");
  }
  if (schema.type === "array") return `${typeOf(schema.items as Json)}[]`;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `"${esc(v)}"`).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
  return esc(schema.format ? `${type} (${schema.format})` : type);
}

function bodySchema(content: unknown): Json | undefined {
  return (content as { "application/json"?: { schema?: Json } } | undefined)?.["application/json"]?.schema;
}

function parametersTable(parameters: Json[]): string {
  if (parameters.length === 0) return "";
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${typeOf(p.schema as Json)}</td><td>${esc(p.description)}</td></tr>`,
    )
    .join("");
  return `<details class="params"><summary>Parameters (${parameters.length})</summary>
    <table><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function operation(path: string, method: string, op: Json): string {
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)} ${typeOf(bodySchema(r.content))}</li>`)
    .join("");
  const request = bodySchema((op.requestBody as Json | undefined)?.content);
  return `<details class="op" id="${esc(op.operationId)}">
    <summary><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> — ${esc(op.summary)}</summary>
    ${op.description ? `<p>${esc(op.description)}</p>` : ""}
    ${parametersTable((op.parameters ?? []) as Json[])}
    ${request ? `<p>Request body: ${typeOf(request)}</p>` : ""}
    <p>Responses:</p><ul>${responses}</ul></details>`;
}

function schemaSection(name: string, schema: Json): string {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties)
    .map(
      ([field, s]) =>
        `<tr><td><code>${esc(field)}</code>${required.has(field) ? " *" : ""}</td><td>${typeOf(s)}</td><td>${esc(s.description)}</td></tr>`,
    )
    .join("");
  const body = rows
    ? `<table><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${typeOf(schema)}</p>`;
  return `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${body}</section>`;
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#18181b}
code{font-family:ui-monospace,monospace}h1{margin-bottom:0}details.op{border:1px solid #d4d4d8;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}.method{display:inline-block;min-width:4.5rem;font-weight:700;text-align:center;border-radius:4px;color:#fff;padding:0 .3rem}
.get{background:#2563eb}.post{background:#16a34a}.put{background:#ca8a04}.patch{background:#9333ea}.delete{background:#dc2626}
table{border-collapse:collapse;width:100%;margin:.4rem 0}td,th{border-bottom:1px solid #e4e4e7;padding:.2rem .4rem;text-align:left;vertical-align:top}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#e4e4e7}details.op{border-color:#3f3f46}td,th{border-color:#27272a}a{color:#93c5fd}}`;

export function renderDocsPage(): string {
  const doc = openApiDocument() as Json & {
    info: Json;
    paths: Record<string, Record<string, Json>>;
    components: { schemas: Record<string, Json> };
  };
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[]) ?? ["other"])[0];
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<section id="tag-${esc(tag)}"><h2>${esc(tag)}</h2>${ops.join("")}</section>`)
    .join("");
  const toc = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(" · ");
  const schemas = Object.entries(doc.components.schemas)
    .map(([n, s]) => schemaSection(n, s))
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Proxbox API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>
<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/schema/">/api/schema/</a> (OpenAPI ${esc(doc.openapi)}). Resources: ${toc}</p></header>
<main>${sections}<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}
