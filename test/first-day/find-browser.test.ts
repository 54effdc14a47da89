import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  BASE_ARGS,
  type FindBrowserOptions,
  findBrowser,
  NoBrowserError,
} from "../../scripts/find-browser.mjs";

// The order npm test looks for a Chromium in, on fake directories: nothing here touches a real browser.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-find-browser-"));
});

/** An executable file at dir/rel. */
function fakeBrowser(rel: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\necho Chromium 1.0\n", { mode: 0o755 });
  return file;
}

const sparticuzOk = async () => ({
  executablePath: fakeBrowser("tmp/chromium"),
  args: ["--no-sandbox", "--single-process", "--use-angle=swiftshader", "--disable-web-security"],
});
const sparticuzMissing = async (): Promise<{ executablePath: string; args: string[] }> => {
  throw new Error("Cannot find package '@sparticuz/chromium'");
};
const none = {
  env: { PATH: "" },
  systemPaths: [] as string[],
  playwright: async () => undefined,
  sparticuz: sparticuzMissing,
  probe: async () => "Chromium 1.0",
};

/** The error findBrowser fails with (a test fails if it finds a browser instead). */
async function failure(o: FindBrowserOptions): Promise<Error> {
  try {
    await findBrowser(o);
  } catch (err) {
    return err as Error;
  }
  throw new Error("findBrowser found a browser");
}

describe("findBrowser", () => {
  it("takes CHROMIUM_PATH first", async () => {
    const chosen = fakeBrowser("custom/chrome");
    fakeBrowser("bin/chromium");
    const found = await findBrowser({
      ...none,
      env: { CHROMIUM_PATH: chosen, PATH: path.join(dir, "bin") },
      playwright: async () => fakeBrowser("pw/chrome"),
    });
    expect(found).toEqual({ source: "CHROMIUM_PATH", executablePath: chosen, args: BASE_ARGS });
  });

  it("refuses a CHROMIUM_PATH that is not there, naming it and the fix", async () => {
    fakeBrowser("bin/chromium");
    const missing = path.join(dir, "nope/chrome");
    const err = await failure({
      ...none,
      env: { CHROMIUM_PATH: missing, PATH: path.join(dir, "bin") },
    });
    expect(err).toBeInstanceOf(NoBrowserError);
    expect(err.message).toContain(missing);
    expect(err.message).toContain("apt-get install -y chromium");
  });

  it("then Playwright's own browser, when it was downloaded", async () => {
    const own = fakeBrowser("ms-playwright/chromium-1/chrome");
    fakeBrowser("bin/chromium");
    const found = await findBrowser({
      ...none,
      env: { PATH: path.join(dir, "bin") },
      playwright: async () => own,
    });
    expect(found.source).toBe("Playwright");
    expect(found.executablePath).toBe(own);
  });

  it("skips Playwright's browser when its path does not exist", async () => {
    const system = fakeBrowser("bin/chromium");
    const found = await findBrowser({
      ...none,
      env: { PATH: path.join(dir, "bin") },
      playwright: async () => path.join(dir, "ms-playwright/chromium-1/chrome"),
    });
    expect(found).toEqual({ source: "system", executablePath: system, args: BASE_ARGS });
  });

  it("then a fixed system path, before PATH", async () => {
    const fixed = fakeBrowser("usr/bin/chromium");
    fakeBrowser("bin/google-chrome");
    const found = await findBrowser({ ...none, systemPaths: [fixed], env: { PATH: path.join(dir, "bin") } });
    expect(found.executablePath).toBe(fixed);
  });

  it("then chromium, chromium-browser, google-chrome, google-chrome-stable on PATH, in PATH order", async () => {
    fakeBrowser("first/google-chrome-stable");
    fakeBrowser("second/chromium");
    const found = await findBrowser({
      ...none,
      env: { PATH: [path.join(dir, "empty"), path.join(dir, "first"), path.join(dir, "second")].join(":") },
    });
    expect(found.executablePath).toBe(path.join(dir, "first/google-chrome-stable"));
  });

  it("ignores a non-executable file of the right name", async () => {
    fs.mkdirSync(path.join(dir, "bin"));
    fs.writeFileSync(path.join(dir, "bin/chromium"), "", { mode: 0o644 });
    const err = await failure({ ...none, env: { PATH: path.join(dir, "bin") } });
    expect(err).toBeInstanceOf(NoBrowserError);
  });

  it("falls back to @sparticuz/chromium with its flags merged (minus single-process and web security)", async () => {
    const found = await findBrowser({ ...none, sparticuz: sparticuzOk });
    expect(found.source).toBe("@sparticuz/chromium");
    expect(found.executablePath).toBe(path.join(dir, "tmp/chromium"));
    expect(found.args).toEqual([...BASE_ARGS, "--use-angle=swiftshader"]);
  });

  it("does not take an npm Chromium that cannot start", async () => {
    const err = await failure({
      ...none,
      sparticuz: sparticuzOk,
      probe: async () => {
        throw new Error("error while loading shared libraries: libnss3.so");
      },
    });
    expect(err).toBeInstanceOf(NoBrowserError);
    expect(err.message).toContain("libnss3.so");
  });

  it("PROXBOX_USE_NPM_CHROMIUM=1 goes straight to the npm Chromium", async () => {
    fakeBrowser("bin/chromium");
    const found = await findBrowser({
      ...none,
      env: { PATH: path.join(dir, "bin"), PROXBOX_USE_NPM_CHROMIUM: "1" },
      sparticuz: sparticuzOk,
    });
    expect(found.source).toBe("@sparticuz/chromium");
  });

  it("with nothing at all, says what it tried and how to fix it", async () => {
    const err = await failure(none);
    expect(err).toBeInstanceOf(NoBrowserError);
    expect(err.message).toMatch(/^No Chromium for the browser tests\./);
    expect(err.message).toContain("Playwright's browsers");
    expect(err.message).toContain("google-chrome-stable");
    expect(err.message).toContain("@sparticuz/chromium (Cannot find package");
    expect(err.message).toContain("`apt-get install -y chromium`");
    expect(err.message).toContain("CHROMIUM_PATH");
  });
});
