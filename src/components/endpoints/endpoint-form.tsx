"use client";

import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Input, Label, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { secretBoundChanges, secretRequiredMessage } from "@/lib/endpoint-secret-binding";
import { DEFAULT_GRACE_FACTOR, DEFAULT_STUCK_AFTER_SECONDS } from "@/lib/recovery-point";
import { api } from "@/lib/trpc/react";
import type { EndpointView } from "@/server/endpoints/service";
import { fieldErrorsOf } from "./field-errors";
import { TestConnection } from "./test-connection";
import { TLS_LABELS } from "./tls";

// Create or edit an endpoint. Secrets are write-only: the form never receives them, shows whether
// one is stored, and sends a new one only when typed ("leave blank to keep").

interface FormState {
  name: string;
  url: string;
  authMode: "token" | "ticket";
  tokenId: string;
  tokenSecret: string;
  username: string;
  password: string;
  tlsMode: "system" | "ca" | "fingerprint" | "insecure";
  caPem: string;
  fingerprint: string;
  connectTimeoutMs: string;
  requestTimeoutMs: string;
  enabled: boolean;
  overdueGraceFactor: string;
  stuckAfterSeconds: string;
}

function initial(e?: EndpointView): FormState {
  return {
    name: e?.name ?? "",
    url: e?.url ?? "",
    authMode: e?.authMode ?? "token",
    tokenId: e?.tokenId ?? "",
    tokenSecret: "",
    username: e?.username ?? "",
    password: "",
    tlsMode: e?.tlsMode ?? "system",
    caPem: e?.caPem ?? "",
    fingerprint: e?.fingerprint ?? "",
    connectTimeoutMs: String(e?.connectTimeoutMs ?? 5000),
    requestTimeoutMs: String(e?.requestTimeoutMs ?? 30000),
    enabled: e?.enabled ?? true,
    overdueGraceFactor: String(e?.overdueGraceFactor ?? DEFAULT_GRACE_FACTOR),
    stuckAfterSeconds: String(e?.stuckAfterSeconds ?? DEFAULT_STUCK_AFTER_SECONDS),
  };
}

const blankToUndefined = (v: string) => (v.trim() === "" ? undefined : v.trim());

function toInput(f: FormState) {
  const token = f.authMode === "token";
  return {
    name: f.name,
    url: f.url,
    authMode: f.authMode,
    tokenId: token ? blankToUndefined(f.tokenId) : undefined,
    tokenSecret: token && f.tokenSecret !== "" ? f.tokenSecret : undefined,
    username: token ? undefined : blankToUndefined(f.username),
    password: !token && f.password !== "" ? f.password : undefined,
    tlsMode: f.tlsMode,
    caPem: f.tlsMode === "ca" ? blankToUndefined(f.caPem) : undefined,
    fingerprint: f.tlsMode === "fingerprint" ? blankToUndefined(f.fingerprint) : undefined,
    connectTimeoutMs: Number(f.connectTimeoutMs),
    requestTimeoutMs: Number(f.requestTimeoutMs),
    enabled: f.enabled,
    overdueGraceFactor: Number(f.overdueGraceFactor),
    stuckAfterSeconds: Number(f.stuckAfterSeconds),
  };
}

export function EndpointForm({ endpoint }: { endpoint?: EndpointView }) {
  const router = useRouter();
  const utils = api.useUtils();
  const [form, setForm] = useState<FormState>(() => initial(endpoint));
  const create = api.endpoints.create.useMutation();
  const update = api.endpoints.update.useMutation();
  const mutation = endpoint ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
  };
  const err = (k: string) => errors.fields[k]?.join(", ") ?? null;
  const invalid = (k: string) => (err(k) ? true : undefined);
  const described = (k: string) => (err(k) ? `ep-${k}-error` : `ep-${k}-help`);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(form);
    try {
      const saved = endpoint
        ? await update.mutateAsync({ id: endpoint.id, ...input })
        : await create.mutateAsync(input);
      await utils.endpoints.invalidate();
      router.push(`/endpoints/${saved.id}`);
    } catch {
      // shown from mutation.error
    }
  };

  // A stored secret is kept only while it would go to the same server, TLS trust and principal; once one
  // of those is edited the secret must be typed again (the service enforces it; this explains it first).
  const changed = endpoint?.hasSecret ? secretBoundChanges(endpoint, toInput(form)) : [];
  const keepsSecret = endpoint?.hasSecret === true && changed.length === 0;
  const secretHelp = (kind: string) =>
    keepsSecret
      ? `A ${kind} is set — leave blank to keep it.`
      : endpoint?.hasSecret
        ? secretRequiredMessage(changed, kind)
        : `Stored encrypted; never shown again.`;
  const secretPlaceholder = keepsSecret ? "set — leave blank to keep" : "";
  const secretRequired = !!endpoint?.hasSecret && !keepsSecret;

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label={endpoint ? `Edit ${endpoint.name}` : "Add endpoint"}
    >
      {errors.message ? (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
        >
          Could not save: {errors.message}
        </div>
      ) : null}
      <Card>
        <CardHeader title="Endpoint" />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field id="ep-name" label="Name" help="Unique, e.g. pve-prod" error={err("name")}>
            <Input
              id="ep-name"
              value={form.name}
              onChange={(e) => set("name", e.target.value)}
              required
              aria-invalid={invalid("name")}
              aria-describedby={described("name")}
            />
          </Field>
          <Field id="ep-url" label="URL" help="https://host:8006 (no path)" error={err("url")}>
            <Input
              id="ep-url"
              type="url"
              value={form.url}
              placeholder="https://pve1.example.com:8006"
              onChange={(e) => set("url", e.target.value)}
              required
              aria-invalid={invalid("url")}
              aria-describedby={described("url")}
            />
          </Field>
          <div className="flex items-center gap-2 md:col-span-2">
            <Checkbox
              id="ep-enabled"
              checked={form.enabled}
              onCheckedChange={(v) => set("enabled", v === true)}
            />
            <Label htmlFor="ep-enabled">Enabled (synced manually and by schedules)</Label>
          </div>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Authentication" />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field
            id="ep-auth"
            label="Auth mode"
            help="An API token is preferred: it needs no password and can be revoked."
          >
            <Select
              id="ep-auth"
              value={form.authMode}
              onChange={(e) => set("authMode", e.target.value as FormState["authMode"])}
              options={[
                { value: "token", label: "API token" },
                { value: "ticket", label: "Username and password (ticket)" },
              ]}
              aria-describedby="ep-auth-help"
            />
          </Field>
          <div className="hidden md:block" />
          {form.authMode === "token" ? (
            <>
              <Field id="ep-tokenId" label="Token ID" help="USER@REALM!TOKENID" error={err("tokenId")}>
                <Input
                  id="ep-tokenId"
                  value={form.tokenId}
                  placeholder="root@pam!proxbox"
                  autoComplete="off"
                  onChange={(e) => set("tokenId", e.target.value)}
                  aria-invalid={invalid("tokenId")}
                  aria-describedby={described("tokenId")}
                />
              </Field>
              <Field
                id="ep-tokenSecret"
                label="Token secret"
                help={secretHelp("token secret")}
                error={err("tokenSecret")}
              >
                <Input
                  id="ep-tokenSecret"
                  type="password"
                  value={form.tokenSecret}
                  placeholder={secretPlaceholder}
                  autoComplete="new-password"
                  onChange={(e) => set("tokenSecret", e.target.value)}
                  required={secretRequired}
                  data-required-again={secretRequired ? "true" : undefined}
                  aria-invalid={invalid("tokenSecret")}
                  aria-describedby={described("tokenSecret")}
                />
              </Field>
            </>
          ) : (
            <>
              <Field id="ep-username" label="Username" help="USER@REALM" error={err("username")}>
                <Input
                  id="ep-username"
                  value={form.username}
                  placeholder="root@pam"
                  autoComplete="off"
                  onChange={(e) => set("username", e.target.value)}
                  aria-invalid={invalid("username")}
                  aria-describedby={described("username")}
                />
              </Field>
              <Field id="ep-password" label="Password" help={secretHelp("password")} error={err("password")}>
                <Input
                  id="ep-password"
                  type="password"
                  value={form.password}
                  placeholder={secretPlaceholder}
                  autoComplete="new-password"
                  onChange={(e) => set("password", e.target.value)}
                  required={secretRequired}
                  data-required-again={secretRequired ? "true" : undefined}
                  aria-invalid={invalid("password")}
                  aria-describedby={described("password")}
                />
              </Field>
            </>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="TLS and timeouts" />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field id="ep-tls" label="TLS verification" help="How to trust the server's certificate.">
            <Select
              id="ep-tls"
              value={form.tlsMode}
              onChange={(e) => set("tlsMode", e.target.value as FormState["tlsMode"])}
              options={Object.entries(TLS_LABELS).map(([value, label]) => ({ value, label }))}
              aria-describedby="ep-tls-help"
            />
          </Field>
          {form.tlsMode === "fingerprint" ? (
            <Field
              id="ep-fingerprint"
              label="Certificate fingerprint (SHA-256)"
              help="64 hex digits, colons allowed (pvenode cert info)"
              error={err("fingerprint")}
            >
              <Input
                id="ep-fingerprint"
                value={form.fingerprint}
                className="font-mono text-xs"
                onChange={(e) => set("fingerprint", e.target.value)}
                aria-invalid={invalid("fingerprint")}
                aria-describedby={described("fingerprint")}
              />
            </Field>
          ) : (
            <div className="hidden md:block" />
          )}
          {form.tlsMode === "ca" ? (
            <Field
              id="ep-caPem"
              label="CA certificate (PEM)"
              help="The cluster's /etc/pve/pve-root-ca.pem"
              error={err("caPem")}
              className="md:col-span-2"
            >
              <Textarea
                id="ep-caPem"
                value={form.caPem}
                rows={6}
                className="font-mono text-xs"
                placeholder="-----BEGIN CERTIFICATE-----"
                onChange={(e) => set("caPem", e.target.value)}
                aria-invalid={invalid("caPem")}
                aria-describedby={described("caPem")}
              />
            </Field>
          ) : null}
          {form.tlsMode === "insecure" ? (
            <p
              role="alert"
              data-testid="insecure-warning"
              className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 md:col-span-2 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
            >
              <ShieldAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              TLS certificate verification is disabled: anyone on the network path can impersonate the Proxmox
              server and read the API token. Pin the certificate fingerprint or configure the cluster CA
              instead.
            </p>
          ) : null}
          <Field id="ep-connect" label="Connect timeout (ms)" error={err("connectTimeoutMs")}>
            <Input
              id="ep-connect"
              type="number"
              min={100}
              max={120000}
              value={form.connectTimeoutMs}
              onChange={(e) => set("connectTimeoutMs", e.target.value)}
              aria-invalid={invalid("connectTimeoutMs")}
            />
          </Field>
          <Field id="ep-request" label="Request timeout (ms)" error={err("requestTimeoutMs")}>
            <Input
              id="ep-request"
              type="number"
              min={100}
              max={600000}
              value={form.requestTimeoutMs}
              onChange={(e) => set("requestTimeoutMs", e.target.value)}
              aria-invalid={invalid("requestTimeoutMs")}
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Recovery point" />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field
            id="ep-grace"
            label="Overdue grace factor"
            help="A job is overdue when its last successful sync is older than its schedule's longest gap × this factor, plus the last sync's duration. 2 allows one missed run."
            error={err("overdueGraceFactor")}
          >
            <Input
              id="ep-grace"
              type="number"
              min={0.01}
              max={100}
              step="any"
              value={form.overdueGraceFactor}
              onChange={(e) => set("overdueGraceFactor", e.target.value)}
              aria-invalid={invalid("overdueGraceFactor")}
              aria-describedby={err("overdueGraceFactor") ? "ep-grace-error" : "ep-grace-help"}
            />
          </Field>
          <Field
            id="ep-stuck"
            label="Stuck after (seconds)"
            help="A sync still running after this long is reported as stuck. Raise it for first full syncs of large disks."
            error={err("stuckAfterSeconds")}
          >
            <Input
              id="ep-stuck"
              type="number"
              min={60}
              step={1}
              value={form.stuckAfterSeconds}
              onChange={(e) => set("stuckAfterSeconds", e.target.value)}
              aria-invalid={invalid("stuckAfterSeconds")}
              aria-describedby={err("stuckAfterSeconds") ? "ep-stuck-error" : "ep-stuck-help"}
            />
          </Field>
        </CardBody>
      </Card>

      <div className="flex flex-wrap items-start justify-between gap-4">
        <TestConnection id={endpoint?.id} settings={toInput(form)} />
        <div className="flex gap-2">
          <Button asChild>
            <Link href={endpoint ? `/endpoints/${endpoint.id}` : "/endpoints"}>Cancel</Link>
          </Button>
          <Button type="submit" variant="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : endpoint ? "Save" : "Create"}
          </Button>
        </div>
      </div>
    </form>
  );
}
