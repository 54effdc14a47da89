"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { ShieldAlert } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Input, Label, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { fieldErrorsOf } from "../endpoints/field-errors";
import { TLS_LABELS } from "../endpoints/tls";
import { parseHeaderLines } from "./header-lines";

// A webhook or e-mail destination. Secrets (the HMAC key, header values, the SMTP password) are
// write-only: the form never has them, so on edit a blank field keeps the stored value and a
// checkbox clears it. Only the chosen kind's fields are sent.

export type DestinationRow = inferRouterOutputs<AppRouter>["alerts"]["destinations"]["list"][number];
type Kind = DestinationRow["kind"];
type TlsMode = DestinationRow["tlsMode"];

const splitAddresses = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);

export function DestinationForm({ initial, onDone }: { initial?: DestinationRow; onDone: () => void }) {
  const utils = api.useUtils();
  const [name, setName] = useState(initial?.name ?? "");
  const [kind, setKind] = useState<Kind>(initial?.kind ?? "webhook");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [url, setUrl] = useState(initial?.url ?? "");
  const [secret, setSecret] = useState("");
  const [clearSecret, setClearSecret] = useState(false);
  const [headers, setHeaders] = useState("");
  const [clearHeaders, setClearHeaders] = useState(false);
  const [tlsMode, setTlsMode] = useState<TlsMode>(initial?.tlsMode ?? "system");
  const [caPem, setCaPem] = useState(initial?.caPem ?? "");
  const [fingerprint, setFingerprint] = useState(initial?.fingerprint ?? "");
  const [timeoutMs, setTimeoutMs] = useState(String(initial?.timeoutMs ?? 10_000));
  const [emailTo, setEmailTo] = useState((initial?.emailTo ?? []).join(", "));
  const [emailFrom, setEmailFrom] = useState(initial?.emailFrom ?? "");
  const [smtpUrl, setSmtpUrl] = useState(initial?.smtpUrl ?? "");
  const [smtpPassword, setSmtpPassword] = useState("");
  const [clearSmtpPassword, setClearSmtpPassword] = useState(false);
  const create = api.alerts.destinations.create.useMutation();
  const update = api.alerts.destinations.update.useMutation();
  const mutation = initial ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const err = (...keys: string[]) =>
    keys
      .flatMap((k) => errors.fields[k] ?? [])
      .join(", ")
      .trim() || null;
  const invalid = (k: string) => (err(k) ? true : undefined);

  // Caught here, before the server: a line that is not "Name: value" would otherwise be lost.
  const [headerLineError, setHeaderLineError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsedHeaders = parseHeaderLines(headers);
    if (kind === "webhook" && !clearHeaders && parsedHeaders.invalidLines.length > 0) {
      const n = parsedHeaders.invalidLines;
      setHeaderLineError(`line${n.length > 1 ? "s" : ""} ${n.join(", ")}: write each header as Name: value`);
      return;
    }
    setHeaderLineError(null);
    const common = { name, kind, description };
    const kindFields =
      kind === "webhook"
        ? {
            url,
            // Blank keeps the stored secret (omitted); the checkbox clears it (null).
            ...(clearSecret ? { secret: null } : secret ? { secret } : {}),
            ...(clearHeaders ? { headers: {} } : headers.trim() ? { headers: parsedHeaders.headers } : {}),
            tlsMode,
            caPem: tlsMode === "ca" ? caPem || null : null,
            fingerprint: tlsMode === "fingerprint" ? fingerprint || null : null,
            timeoutMs: Number(timeoutMs),
          }
        : {
            emailTo: splitAddresses(emailTo),
            // Blank: the server's default sender / its "required" message.
            ...(emailFrom.trim() ? { emailFrom } : {}),
            ...(smtpUrl.trim() ? { smtpUrl } : {}),
            ...(clearSmtpPassword ? { smtpPassword: null } : smtpPassword ? { smtpPassword } : {}),
            timeoutMs: Number(timeoutMs),
          };
    try {
      if (initial) await update.mutateAsync({ id: initial.id, ...common, ...kindFields });
      else await create.mutateAsync({ ...common, ...kindFields });
      await utils.alerts.invalidate();
      onDone();
    } catch {
      // shown from mutation.error
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label={initial ? "Edit destination" : "Add destination"}
    >
      {errors.message ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not save: {errors.message}
        </p>
      ) : null}
      <Field id="dst-name" label="Name" error={err("name")}>
        <Input
          id="dst-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          aria-invalid={invalid("name")}
        />
      </Field>
      <Field id="dst-kind" label="Kind" error={err("kind")}>
        <Select
          id="dst-kind"
          value={kind}
          disabled={Boolean(initial)}
          onChange={(e) => setKind(e.target.value as Kind)}
          options={[
            { value: "webhook", label: "Webhook (HTTP POST, signed JSON)" },
            { value: "email", label: "E-mail (SMTP)" },
          ]}
        />
      </Field>
      <Field id="dst-description" label="Description" error={err("description")}>
        <Input id="dst-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      {kind === "webhook" ? (
        <>
          <Field id="dst-url" label="URL" help="POSTed to for each alert" error={err("url")}>
            <Input
              id="dst-url"
              type="url"
              value={url}
              placeholder="https://hooks.example.com/proxbox"
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={invalid("url")}
            />
          </Field>
          <SecretField
            id="dst-secret"
            label="Signing secret"
            help={
              initial?.hasSecret
                ? "A secret is set: leave blank to keep it. Requests carry X-Proxbox-Signature: sha256=<HMAC>."
                : "HMAC-SHA256 key for the X-Proxbox-Signature header (optional)."
            }
            error={err("secret")}
            value={secret}
            onChange={setSecret}
            isSet={!!initial?.hasSecret}
            clear={clearSecret}
            onClear={setClearSecret}
            clearLabel="Remove the signing secret"
          />
          <Field
            id="dst-headers"
            label="Custom headers"
            help={
              initial?.headerNames.length
                ? `Set: ${initial.headerNames.join(", ")}. Values are not shown; enter all headers to replace them, or leave blank to keep them.`
                : "One per line: Name: value (e.g. Authorization: Bearer …)."
            }
            error={headerLineError ?? err("headers")}
          >
            <Textarea
              id="dst-headers"
              rows={3}
              value={headers}
              disabled={clearHeaders}
              className="font-mono text-xs"
              placeholder="Authorization: Bearer …"
              onChange={(e) => setHeaders(e.target.value)}
              aria-invalid={headerLineError || err("headers") ? true : undefined}
            />
          </Field>
          {initial?.headerNames.length ? (
            <div className="flex items-center gap-2">
              <Checkbox
                id="dst-clear-headers"
                checked={clearHeaders}
                onCheckedChange={(v) => setClearHeaders(v === true)}
              />
              <Label htmlFor="dst-clear-headers" className="font-normal">
                Remove all custom headers
              </Label>
            </div>
          ) : null}
          <Field id="dst-tls" label="TLS verification" error={err("tlsMode")}>
            <Select
              id="dst-tls"
              value={tlsMode}
              onChange={(e) => setTlsMode(e.target.value as TlsMode)}
              options={Object.entries(TLS_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Field>
          {tlsMode === "fingerprint" ? (
            <Field
              id="dst-fingerprint"
              label="Certificate fingerprint (SHA-256)"
              help="64 hex digits, colons allowed"
              error={err("fingerprint")}
            >
              <Input
                id="dst-fingerprint"
                value={fingerprint}
                className="font-mono text-xs"
                onChange={(e) => setFingerprint(e.target.value)}
                aria-invalid={invalid("fingerprint")}
              />
            </Field>
          ) : null}
          {tlsMode === "ca" ? (
            <Field id="dst-caPem" label="CA certificate (PEM)" error={err("caPem")}>
              <Textarea
                id="dst-caPem"
                rows={5}
                value={caPem}
                className="font-mono text-xs"
                placeholder="-----BEGIN CERTIFICATE-----"
                onChange={(e) => setCaPem(e.target.value)}
                aria-invalid={invalid("caPem")}
              />
            </Field>
          ) : null}
          {tlsMode === "insecure" ? (
            <p
              role="alert"
              className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
            >
              <ShieldAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              TLS certificate verification is disabled: anyone on the network path can read the alerts and the
              signing of requests does not prove where they went.
            </p>
          ) : null}
        </>
      ) : (
        <>
          <Field
            id="dst-emailTo"
            label="Recipients"
            help="E-mail addresses, separated by commas or spaces"
            error={err("emailTo")}
          >
            <Input
              id="dst-emailTo"
              value={emailTo}
              onChange={(e) => setEmailTo(e.target.value)}
              aria-invalid={invalid("emailTo")}
            />
          </Field>
          <Field id="dst-emailFrom" label="Sender" error={err("emailFrom")}>
            <Input
              id="dst-emailFrom"
              value={emailFrom}
              placeholder="proxbox@example.com"
              onChange={(e) => setEmailFrom(e.target.value)}
              aria-invalid={invalid("emailFrom")}
            />
          </Field>
          <Field
            id="dst-smtpUrl"
            label="SMTP server"
            help="smtp://[user@]host[:port] (STARTTLS when offered) or smtps://… (TLS)"
            error={err("smtpUrl")}
          >
            <Input
              id="dst-smtpUrl"
              value={smtpUrl}
              placeholder="smtp://mail.example.com:587"
              className="font-mono text-xs"
              onChange={(e) => setSmtpUrl(e.target.value)}
              aria-invalid={invalid("smtpUrl")}
            />
          </Field>
          <SecretField
            id="dst-smtpPassword"
            label="SMTP password"
            help={initial?.hasSmtpPassword ? "A password is set: leave blank to keep it." : undefined}
            error={err("smtpPassword")}
            value={smtpPassword}
            onChange={setSmtpPassword}
            isSet={!!initial?.hasSmtpPassword}
            clear={clearSmtpPassword}
            onClear={setClearSmtpPassword}
            clearLabel="Remove the SMTP password"
          />
        </>
      )}
      <Field id="dst-timeout" label="Timeout (ms)" error={err("timeoutMs")}>
        <Input
          id="dst-timeout"
          type="number"
          min={1000}
          max={120000}
          value={timeoutMs}
          className="w-32"
          onChange={(e) => setTimeoutMs(e.target.value)}
          aria-invalid={invalid("timeoutMs")}
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : initial ? "Save" : "Create"}
        </Button>
      </div>
    </form>
  );
}

/** A write-only secret: typed, never shown back; when one is stored, blank keeps it and a box removes it. */
function SecretField({
  id,
  label,
  help,
  error,
  value,
  onChange,
  isSet,
  clear,
  onClear,
  clearLabel,
}: {
  id: string;
  label: string;
  help?: string;
  error: string | null;
  value: string;
  onChange: (value: string) => void;
  isSet: boolean;
  clear: boolean;
  onClear: (clear: boolean) => void;
  clearLabel: string;
}) {
  return (
    <>
      <Field id={id} label={label} help={help} error={error}>
        <Input
          id={id}
          type="password"
          autoComplete="new-password"
          value={value}
          disabled={clear}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </Field>
      {isSet ? (
        <div className="flex items-center gap-2">
          <Checkbox id={`${id}-clear`} checked={clear} onCheckedChange={(v) => onClear(v === true)} />
          <Label htmlFor={`${id}-clear`} className="font-normal">
            {clearLabel}
          </Label>
        </div>
      ) : null}
    </>
  );
}
