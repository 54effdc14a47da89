import { Prisma } from "@/generated/prisma/client";
import type { ScalarFilter, Sql } from "./types";

// Shorthands for declaring a filterset's columns on a table alias. Names are code constants; the
// check below keeps a typo from ever producing odd SQL.

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function columnsOf(alias: string) {
  if (!IDENT.test(alias)) throw new Error(`unsafe alias ${alias}`);
  const col = (name: string): Sql => {
    if (!IDENT.test(name)) throw new Error(`unsafe column ${name}`);
    return Prisma.raw(`${alias}.${name}`);
  };
  return {
    col,
    text: (name: string): ScalarFilter => ({ kind: "string", sql: col(name) }),
    int: (name: string): ScalarFilter => ({ kind: "int", sql: col(name) }),
    float: (name: string): ScalarFilter => ({ kind: "float", sql: col(name) }),
    time: (name: string): ScalarFilter => ({ kind: "datetime", sql: col(name) }),
    bool: (name: string): ScalarFilter => ({ kind: "boolean", sql: col(name) }),
    uuid: (name: string): ScalarFilter => ({ kind: "uuid", sql: col(name) }),
    choice: (name: string, labels: Record<string, string>): ScalarFilter => ({
      kind: "choice",
      sql: Prisma.raw(`${alias}.${name}::text`),
      choices: Object.keys(labels),
    }),
  };
}
