import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generateCertificate } from "@/simulator/certs";

// A real HTTPS listener that is NOT the Proxmox server an endpoint was saved for — the "somewhere else" an
// attacker would point an endpoint at. It records everything a client sends (headers and body) and answers
// like pveproxy does to an unknown credential, so a test can assert that a stored secret never arrives here.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RecordingServer {
  url: string;
  fingerprint: string;
  caPem: string;
  requests: RecordedRequest[];
  /** Everything received, as one string to search for a secret. */
  received(): string;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const cert = await generateCertificate();
  const requests: RecordedRequest[] = [];
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(401, "authentication failure", { "content-type": "application/json" });
      res.end(JSON.stringify({ data: null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    fingerprint: cert.fingerprint,
    caPem: cert.cert,
    requests,
    received: () => JSON.stringify(requests),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
