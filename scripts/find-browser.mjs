// Which Chromium the browser tests (Playwright) run, found before any test stage starts so that a
// machine without one hears it in the first seconds of `npm test`, with the fix. In this order:
//   1. CHROMIUM_PATH (must exist when set: a wrong setting is an error, not a reason to look elsewhere);
//   2. a browser Playwright downloaded itself (`npx playwright install chromium`), if present;
//   3. a system Chromium or Chrome: /usr/bin/chromium, or chromium, chromium-browser, google-chrome,
//      google-chrome-stable on PATH;
//   4. the Chromium shipped inside the npm package @sparticuz/chromium (a devDependency: its binary is in
//      the package and unpacks to the temp dir in about 2 s; it links only libnss3, libnspr4, libexpat1).
// The answer travels to playwright.config.ts (and its workers) in PROXBOX_BROWSER_PATH and
// PROXBOX_BROWSER_ARGS (a JSON array).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

/** Flags every browser gets: no sandbox (root in CI), no GPU, no network chatter of its own. */
export const BASE_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export const HOW_TO_FIX =
  "Install one: `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH=/path/to/chromium-or-chrome.";

export class NoBrowserError extends Error {}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// Of @sparticuz/chromium's own flags (made for one page per serverless call), these are dropped:
// --single-process, because closing a browser context then ends the whole browser (every test opens a
// fresh context); and the ones that switch off web security, because the tests must see the
// same-origin and mixed-content rules a user's browser applies.
const DROPPED = new Set(["--single-process", "--disable-web-security", "--allow-running-insecure-content"]);

/** The project's flags plus `extra`, one entry per flag name (the project's value wins). */
export function mergeArgs(extra = []) {
  const name = (arg) => arg.split("=")[0];
  const taken = new Set(BASE_ARGS.map(name));
  return [...BASE_ARGS, ...extra.filter((a) => !taken.has(name(a)) && !DROPPED.has(name(a)))];
}

/** Playwright's own download, when it has one (its registry knows the path for this version). */
async function playwrightChromium() {
  const { chromium } = await import("@playwright/test");
  return chromium.executablePath();
}

/** Unpacks @sparticuz/chromium (cached in the temp dir after the first time). */
async function sparticuzChromium() {
  const chromium = (await import("@sparticuz/chromium")).default;
  return { executablePath: await chromium.executablePath(), args: chromium.args };
}

/** A browser that cannot start (a missing shared library, say) is no browser: ask it its version. */
async function probeVersion(executablePath) {
  const { stdout } = await promisify(execFile)(executablePath, ["--version"], { timeout: 20_000 });
  return stdout.trim();
}

/**
 * @param {object} [o] everything the search reads, replaceable in tests
 * @param {Record<string, string | undefined>} [o.env]
 * @param {string[]} [o.systemPaths] absolute paths tried before PATH
 * @param {() => Promise<string | undefined>} [o.playwright]
 * @param {() => Promise<{ executablePath: string, args: string[] }>} [o.sparticuz]
 * @param {(executablePath: string) => Promise<string>} [o.probe]
 * @returns {Promise<{ source: string, executablePath: string, args: string[] }>}
 */
export async function findBrowser(o = {}) {
  const env = o.env ?? process.env;
  const systemPaths = o.systemPaths ?? ["/usr/bin/chromium"];
  const playwright = o.playwright ?? playwrightChromium;
  const sparticuz = o.sparticuz ?? sparticuzChromium;
  const probe = o.probe ?? probeVersion;
  const tried = [];

  // PROXBOX_USE_NPM_CHROMIUM=1 skips straight to step 4 (to try that path on a machine that has others).
  const npmOnly = env.PROXBOX_USE_NPM_CHROMIUM === "1";
  if (env.CHROMIUM_PATH && !npmOnly) {
    if (isExecutable(env.CHROMIUM_PATH)) {
      return { source: "CHROMIUM_PATH", executablePath: env.CHROMIUM_PATH, args: mergeArgs() };
    }
    throw new NoBrowserError(
      `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which is not an executable file. ${HOW_TO_FIX}`,
    );
  }

  if (!npmOnly) {
    const own = await playwright().catch(() => undefined);
    if (own && isExecutable(own)) return { source: "Playwright", executablePath: own, args: mergeArgs() };
    tried.push(`Playwright's browsers (${own ?? "none"})`);

    const onPath = (env.PATH ?? "")
      .split(path.delimiter)
      .filter(Boolean)
      .flatMap((dir) => SYSTEM_NAMES.map((n) => path.join(dir, n)));
    for (const candidate of [...systemPaths, ...onPath]) {
      if (isExecutable(candidate)) return { source: "system", executablePath: candidate, args: mergeArgs() };
    }
    tried.push(`${[...systemPaths, ...SYSTEM_NAMES].join(", ")} (system, PATH)`);
  }

  try {
    const found = await sparticuz();
    await probe(found.executablePath);
    return {
      source: "@sparticuz/chromium",
      executablePath: found.executablePath,
      args: mergeArgs(found.args),
    };
  } catch (err) {
    tried.push(`@sparticuz/chromium (${String(err?.message ?? err).split("\n")[0]})`);
  }

  throw new NoBrowserError(`No Chromium for the browser tests. Tried: ${tried.join("; ")}. ${HOW_TO_FIX}`);
}

/** The found browser as environment variables for playwright.config.ts and its workers. */
export function browserEnv(browser) {
  return {
    PROXBOX_BROWSER_PATH: browser.executablePath,
    PROXBOX_BROWSER_ARGS: JSON.stringify(browser.args),
    PROXBOX_BROWSER_SOURCE: browser.source,
  };
}
