import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

// Secrets never reach the client bundle (issues 3 and 14): the JavaScript the browser is served holds
// none of the server's secret handling — the encryption, the stored ciphertext fields of endpoints
// and alert destinations, the key's variable, the e-mail library. The scan reads the build this run
// serves; a positive control shows it reads the app's own client code.

const STATIC = path.join(process.cwd(), ".next", "static");
const SERVER_ONLY_MARKERS = [
  "aes-256-gcm",
  "PROXBOX_SECRET_KEY",
  "secretEncrypted",
  "secret_encrypted",
  "smtpPasswordEncrypted",
  "headersEncrypted",
  "decryptSecret",
  "nodemailer",
];

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test("the client bundle holds no server-side secret handling", () => {
  const scripts = files(STATIC).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(10);
  const text = scripts.map((f) => fs.readFileSync(f, "utf8")).join("\n");
  // Positive control: the alerts page's own client code is in what was scanned.
  expect(text).toContain("Send test");
  for (const marker of SERVER_ONLY_MARKERS) {
    const hit = scripts.find((f) => fs.readFileSync(f, "utf8").includes(marker));
    expect(hit, `"${marker}" found in ${hit}`).toBeUndefined();
  }
});
