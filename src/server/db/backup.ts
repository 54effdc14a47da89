import "server-only";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";

// Online, logical backup of the app's database and its restore — for the embedded PostgreSQL, whose npm
// package ships no pg_dump (and works the same on an external one). One REPEATABLE READ, READ ONLY
// transaction reads every table of the public schema through a cursor, so the backup is one consistent
// snapshot taken while the app keeps running, in bounded memory. Rows travel as JSON (row_to_json) and
// come back through json_populate_recordset, so every column type round-trips through its own text form.
// The file is gzip'd JSON lines: a header (format, migrations applied), then per table a
// `#{"table", "columns"}` line (rows always start with "{") followed by its rows, one JSON object per line.
// pg-boss's schema (queued jobs) is left out: it is transient and pg-boss recreates it.

const FORMAT = "proxbox-backup";
const VERSION = 1;
const BATCH = 2000;

interface Header {
  format: typeof FORMAT;
  version: number;
  created: string;
  migrations: string[];
  tables: string[];
}

export interface BackupResult {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Public tables in foreign-key order (referenced before referencing), _prisma_migrations excluded. */
async function tablesInOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> '_prisma_migrations'
        order by c.relname`,
    )
  ).rows.map((r) => r.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `select c.relname as child, p.relname as parent from pg_constraint k
         join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
         join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`,
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t)) return;
    if (visiting.has(t)) throw new Error(`foreign keys form a cycle through ${t}`);
    visiting.add(t);
    for (const e of edges) if (e.child === t && tables.includes(e.parent)) visit(e.parent);
    visiting.delete(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  return (
    await client.query<{ migration_name: string }>(
      `select migration_name from _prisma_migrations
        where finished_at is not null and rolled_back_at is null order by migration_name`,
    )
  ).rows.map((r) => r.migration_name);
}

export async function backupDatabase(url: string, file: string): Promise<BackupResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const partial = `${file}.partial`;
  let rows = 0;
  try {
    await client.query("begin isolation level repeatable read read only");
    const tables = await tablesInOrder(client);
    const header: Header = {
      format: FORMAT,
      version: VERSION,
      created: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        const columns = (
          await client.query<{ name: string }>(
            `select attname as name from pg_attribute
              where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''
              order by attnum`,
            [quote(table)],
          )
        ).rows.map((r) => r.name);
        yield `#${JSON.stringify({ table, columns })}\n`;
        await client.query(
          `declare backup_rows no scroll cursor for select row_to_json(t)::text as j from ${quote(table)} t`,
        );
        for (;;) {
          const batch = await client.query<{ j: string }>(`fetch ${BATCH} from backup_rows`);
          if (batch.rows.length === 0) break;
          rows += batch.rows.length;
          yield `${batch.rows.map((r) => r.j).join("\n")}\n`;
        }
        await client.query("close backup_rows");
      }
      // The end mark: a file cut short between two lines is still recognised as incomplete.
      yield `#${JSON.stringify({ end: true, rows })}\n`;
    }
    // Written beside the target and renamed at the end: a failed backup never leaves a truncated file
    // under the name asked for.
    await pipeline(lines, createGzip(), fs.createWriteStream(partial, { mode: 0o600 }));
    await client.query("commit");
    fs.renameSync(partial, file);
    return { file, tables: tables.length, rows, bytes: fs.statSync(file).size };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The file's lines, pulled as they are needed. (readline's iterator, consumed with database round trips
 * between lines, stalled on a paused input: a plain pull from the stream cannot.)
 */
async function* readLines(file: string): AsyncGenerator<string, void, undefined> {
  const text = fs.createReadStream(file).pipe(createGunzip()).setEncoding("utf8");
  let rest = "";
  for await (const chunk of text as AsyncIterable<string>) {
    rest += chunk;
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    yield* lines;
  }
  if (rest) yield rest;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  created: string;
}

/**
 * Restores a backup into the database at `url` in one transaction: all of it or nothing. The database
 * must be migrated at least as far as the backup (the app's start or `proxbox db migrate` does that);
 * it must hold no data unless `replace` is set, which empties every table first.
 */
export async function restoreDatabase(
  url: string,
  file: string,
  opts: { replace?: boolean } = {},
): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  const it = readLines(file);
  try {
    const first = await it.next();
    let header: Header;
    try {
      header = JSON.parse(first.value ?? "") as Header;
    } catch {
      throw new Error(`${file}: not a Proxbox backup`);
    }
    if (header?.format !== FORMAT) throw new Error(`${file}: not a Proxbox backup`);
    if (header.version !== VERSION)
      throw new Error(`${file}: backup format ${header.version} is not supported`);
    const applied = new Set(await appliedMigrations(client));
    const missing = header.migrations.filter((m) => !applied.has(m));
    if (missing.length) {
      throw new Error(
        `the backup was taken at a newer schema (${missing.join(", ")} not applied here): upgrade Proxbox first`,
      );
    }
    await client.query("begin");
    const tables = await tablesInOrder(client);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length) throw new Error(`the backup has tables this database lacks: ${unknown.join(", ")}`);
    const counts = await client.query<{ n: number }>(
      `select (${tables.map((t) => `(select count(*) from ${quote(t)})`).join(" + ") || "0"})::int as n`,
    );
    if ((counts.rows[0]?.n ?? 0) > 0) {
      if (!opts.replace)
        throw new Error("the database is not empty: restore with --replace to replace its contents");
      await client.query(`truncate ${tables.map(quote).join(", ")} restart identity cascade`);
    }
    let table: string | undefined;
    let columns: string[] = [];
    let ended = false;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const list = columns.map(quote).join(", ");
      await client.query(
        `insert into ${quote(table)} (${list}) overriding system value select ${list}
           from json_populate_recordset(null::${quote(table)}, $1::json)`,
        [`[${batch.join(",")}]`],
      );
      rows += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const line = next.value;
      if (line === "") continue;
      if (ended) throw new Error(`${file}: data after the end of the backup`);
      if (line.startsWith("#")) {
        await flush();
        const section = JSON.parse(line.slice(1)) as {
          table: string;
          columns: string[];
          end?: boolean;
          rows?: number;
        };
        if (section.end) {
          if (section.rows !== rows)
            throw new Error(`${file}: the backup says ${section.rows} rows, it holds ${rows}`);
          ended = true;
          continue;
        }
        table = section.table;
        columns = section.columns;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (!ended) throw new Error(`${file}: the backup is incomplete (it ends before its last table)`);
    // Identity and serial columns continue after the restored ids.
    const sequences = await client.query<{ t: string; c: string; s: string }>(
      `select c.relname as t, a.attname as c, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as s
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind = 'r'
          and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
    );
    for (const s of sequences.rows) {
      await client.query(
        `select setval($1, coalesce((select max(${quote(s.c)}) from ${quote(s.t)}), 0) + 1, false)`,
        [s.s],
      );
    }
    await client.query("commit");
    return { tables: header.tables.length, rows, created: header.created };
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    await it.return(undefined);
    await client.end();
  }
}
