import type { Prisma, Role } from "@/generated/prisma/client";
import { createApiToken, createUser } from "@/server/auth/service";
import { db } from "@/server/db/client";

// Test data through Prisma factories (never through the API under test). Counters keep names unique
// within a test file's database.

let seq = 0;
const next = () => ++seq;

/** A value that must never appear in any API response (grep target for the secrets tests). */
export const KNOWN_SECRET = "s3cr3t-0f-the-pve-token-7a1f";
export const KNOWN_CIPHERTEXT = "v1:c2VjcmV0aXY=:dGFnZ2Vk:Y2lwaGVydGV4dC1vZi1zZWNyZXQ=";

export async function seedEndpoint(data: Partial<Prisma.ProxmoxEndpointUncheckedCreateInput> = {}) {
  const n = next();
  return db.proxmoxEndpoint.create({
    data: {
      name: `pve-cluster-${n}`,
      url: `https://pve${n}.example.com:8006`,
      tokenId: "root@pam!proxbox",
      secretEncrypted: KNOWN_CIPHERTEXT,
      timezone: "Europe/Berlin",
      ...data,
    },
  });
}

export async function seedNode(
  endpointId: number,
  data: Partial<Prisma.ProxmoxNodeUncheckedCreateInput> = {},
) {
  return db.proxmoxNode.create({
    data: { endpointId, name: `pve${next()}`, status: "online", online: true, nodeId: next(), ...data },
  });
}

export async function seedVm(
  endpointId: number,
  data: Partial<Prisma.VirtualMachineUncheckedCreateInput> = {},
) {
  const vmid = data.vmid ?? 100 + next();
  return db.virtualMachine.create({
    data: { endpointId, vmid, name: `vm${vmid}`, type: "qemu", status: "running", ...data },
  });
}

export async function seedReplication(
  endpointId: number,
  data: Partial<Prisma.ReplicationUncheckedCreateInput> = {},
) {
  const guest = data.guest ?? 100 + next();
  const jobnum = data.jobnum ?? 0;
  return db.replication.create({
    data: {
      endpointId,
      guest,
      jobnum,
      replicationId: `${guest}-${jobnum}`,
      target: "pve2",
      source: "pve1",
      ...data,
    },
  });
}

export interface SeededUser {
  id: number;
  username: string;
  role: Role;
  /** Write-enabled v2 token value (after "Bearer "). */
  writeToken: string;
  /** Read-only v2 token value. */
  readToken: string;
}

export async function seedUser(role: Role, username = `${role}-${next()}`): Promise<SeededUser> {
  const user = await createUser({ username, role });
  const write = await createApiToken({ userId: user.id, write: true });
  const read = await createApiToken({ userId: user.id, write: false });
  return { id: user.id, username, role, writeToken: write.plaintext, readToken: read.plaintext };
}
