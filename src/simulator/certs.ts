import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";

export interface ServerCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, uppercase colon hex, as PVE shows `ssl_fingerprint`. */
  fingerprint: string;
}

/**
 * A fresh self-signed certificate for localhost/127.0.0.1. It is marked as a CA so the same PEM works as the
 * "custom CA" of a client (like a cluster's pve-root-ca.pem), with host name checking still in force.
 */
export async function generateCertificate(commonName = "localhost"): Promise<ServerCertificate> {
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  const fingerprint = new X509Certificate(pems.cert).fingerprint256;
  return { key: pems.private, cert: pems.cert, fingerprint };
}
