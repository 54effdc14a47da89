"use client";

import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { fieldClass } from "@/components/ui/input";
import {
  type FilterField,
  type FilterParam,
  type Lookup,
  lookupLabel,
  lookupsOf,
  paramKey,
  resolveParam,
} from "./filters";

// NetBox's Filters tab, as a list of conditions: field, modifier (lookup) and value. Several
// conditions on one parameter are OR'ed, different parameters AND'ed — exactly the query-string
// semantics, because each row *is* one `key=value` pair of the URL.

interface Row {
  id: number;
  field: string;
  lookup: Lookup;
  value: string;
}

let nextRowId = 1;

function rowsFrom(fields: readonly FilterField[], filters: FilterParam[]): Row[] {
  return filters.flatMap((f) => {
    const r = resolveParam(fields, f);
    return r ? [{ id: nextRowId++, field: r.field.key, lookup: r.lookup, value: r.value }] : [];
  });
}

function defaultValue(field: FilterField, lookup: Lookup): string {
  if (lookup === "empty" || field.kind === "boolean") return "true";
  if (field.kind === "choice" || field.kind === "relation") return field.options?.[0]?.value ?? "";
  return "";
}

/** datetime-local input value ↔ the ISO instant in the URL. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function FilterPanel({
  fields,
  filters,
  onApply,
  onClose,
}: {
  fields: readonly FilterField[];
  filters: FilterParam[];
  onApply(filters: FilterParam[]): void;
  onClose(): void;
}) {
  const baseId = useId();
  const [rows, setRows] = useState<Row[]>(() => {
    const initial = rowsFrom(fields, filters);
    return initial.length > 0
      ? initial
      : [{ id: nextRowId++, field: fields[0].key, lookup: "exact", value: defaultValue(fields[0], "exact") }];
  });
  const fieldOf = (key: string) => fields.find((f) => f.key === key) ?? fields[0];
  const update = (id: number, patch: Partial<Row>) =>
    setRows((all) =>
      all.map((r) => {
        if (r.id !== id) return r;
        const next = { ...r, ...patch };
        const field = fieldOf(next.field);
        if (patch.field !== undefined) {
          next.lookup = lookupsOf(field)[0];
          next.value = defaultValue(field, next.lookup);
        } else if (patch.lookup !== undefined && (patch.lookup === "empty") !== (r.lookup === "empty")) {
          next.value = defaultValue(field, next.lookup);
        }
        return next;
      }),
    );
  const apply = () => {
    const params = rows
      .filter((r) => r.value.trim() !== "")
      .map((r) => ({ key: paramKey(fieldOf(r.field), r.lookup), value: r.value.trim() }));
    onApply(params);
    onClose();
  };

  return (
    <form
      aria-label="Filters"
      className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900/60"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <ul className="space-y-2">
        {rows.map((row, index) => {
          const field = fieldOf(row.field);
          const id = `${baseId}-${row.id}`;
          return (
            <li key={row.id} className="flex flex-wrap items-center gap-2" data-testid="filter-row">
              <select
                aria-label={`Filter ${index + 1} field`}
                className={cn(fieldClass, "w-44")}
                value={row.field}
                onChange={(e) => update(row.id, { field: e.target.value })}
              >
                {fields.map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.label}
                  </option>
                ))}
              </select>
              <select
                aria-label={`Filter ${index + 1} modifier`}
                className={cn(fieldClass, "w-48")}
                value={row.lookup}
                onChange={(e) => update(row.id, { lookup: e.target.value as Lookup })}
              >
                {lookupsOf(field).map((l) => (
                  <option key={l} value={l}>
                    {lookupLabel(field, l)}
                  </option>
                ))}
              </select>
              <ValueInput
                id={id}
                index={index}
                field={field}
                lookup={row.lookup}
                value={row.value}
                onChange={(value) => update(row.id, { value })}
              />
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Remove filter ${index + 1}`}
                onClick={() => setRows((all) => all.filter((r) => r.id !== row.id))}
              >
                <X aria-hidden="true" />
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button
          size="sm"
          onClick={() =>
            setRows((all) => [
              ...all,
              {
                id: nextRowId++,
                field: fields[0].key,
                lookup: "exact",
                value: defaultValue(fields[0], "exact"),
              },
            ])
          }
        >
          <Plus aria-hidden="true" />
          Add filter
        </Button>
        <div className="flex gap-2">
          <Button size="sm" onClick={() => setRows([])}>
            Reset
          </Button>
          <Button size="sm" variant="primary" type="submit">
            Apply filters
          </Button>
        </div>
      </div>
    </form>
  );
}

function ValueInput({
  id,
  index,
  field,
  lookup,
  value,
  onChange,
}: {
  id: string;
  index: number;
  field: FilterField;
  lookup: Lookup;
  value: string;
  onChange(value: string): void;
}) {
  const label = `Filter ${index + 1} value`;
  if (lookup === "empty" || field.kind === "boolean") {
    const [yes, no] = lookup === "empty" ? ["empty", "not empty"] : ["Yes", "No"];
    return (
      <select
        id={id}
        aria-label={label}
        className={cn(fieldClass, "w-40")}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="true">{yes}</option>
        <option value="false">{no}</option>
      </select>
    );
  }
  if ((field.kind === "choice" || field.kind === "relation") && field.options && field.options.length > 0) {
    return (
      <select
        id={id}
        aria-label={label}
        className={cn(fieldClass, "w-48")}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === "datetime") {
    return (
      <input
        id={id}
        aria-label={`${label} (your local time)`}
        type="datetime-local"
        className={cn(fieldClass, "w-56")}
        value={toLocalInput(value)}
        onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : "")}
      />
    );
  }
  const numeric = field.kind === "int" || field.kind === "float" || field.kind === "relation";
  // relation fields are by primary key (`endpoint_id`); by-name relations are declared as strings
  return (
    <span className="inline-flex items-center gap-1">
      <input
        id={id}
        aria-label={label}
        type={numeric ? "number" : "text"}
        step={field.kind === "float" ? "any" : undefined}
        className={cn(fieldClass, "w-48")}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {field.unit ? <span className="text-sm text-zinc-600 dark:text-zinc-400">{field.unit}</span> : null}
    </span>
  );
}
