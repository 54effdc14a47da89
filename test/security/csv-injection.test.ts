import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/replications/export/route";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser } from "../api/factories";
import { makeRequest } from "../api/http";

// Exported cells that a spreadsheet would run as formulas get a leading ' (OWASP CSV Injection), and
// the file still parses back to exactly those values. Typed numbers (a negative fail count) stay numbers.

freshDatabasePerFile();

/** RFC 4180: quoted fields may hold commas, quotes (doubled), CR and LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

const DANGEROUS = [
  '=HYPERLINK("http://x","y")',
  "+1",
  "@SUM(A1)",
  "-2+3",
  "\t=1",
  "\r=1",
  "\uFF1D1+1", // full-width =
];

let viewer: SeededUser;

beforeAll(async () => {
  viewer = await seedUser("viewer");
  const endpoint = await seedEndpoint();
  for (const [i, comment] of DANGEROUS.entries()) {
    await seedReplication(endpoint.id, { guest: 500 + i, comment, failCount: -1 });
  }
  await seedReplication(endpoint.id, { guest: 600, comment: "nightly, to pve2", failCount: 3 });
});

async function exportCsv(query: string): Promise<string[][]> {
  const res = await GET(
    makeRequest(`http://localhost/replications/export?${query}`, { token: viewer.readToken }),
  );
  expect(res.status).toBe(200);
  return parseCsv(await res.text());
}

describe("CSV export escapes formulas", () => {
  it("prefixes every formula-looking text cell with a single quote and keeps it parseable", async () => {
    const rows = await exportCsv("export=table&columns=guest,comment,fail_count&ordering=guest");
    expect(rows[0]).toEqual(["Guest", "Comment", "Fail Count"]);
    const byGuest = new Map(rows.slice(1).map((r) => [r[0], r]));
    for (const [i, comment] of DANGEROUS.entries()) {
      const row = byGuest.get(String(500 + i));
      expect(row, comment).toBeDefined();
      expect(row?.[1]).toBe(`'${comment}`);
      // A typed number is never a formula: -1 stays -1 so numeric columns still sum.
      expect(row?.[2]).toBe("-1");
    }
    expect(byGuest.get("600")).toEqual(["600", "nightly, to pve2", "3"]);
  });

  it("no exported cell starts with a formula character", async () => {
    const rows = await exportCsv("export=all");
    const failCount = rows[0].indexOf("Fail Count");
    for (const row of rows.slice(1)) {
      row.forEach((cell, i) => {
        if (i !== failCount)
          expect(cell, `column ${rows[0][i]}`).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
      });
    }
  });
});
