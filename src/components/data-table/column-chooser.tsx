"use client";

import { ArrowDown, ArrowUp, Columns3, Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";

// NetBox's "Configure Table": available and selected columns, add/remove, move up/down, Reset, Apply.
// Rendered as two lists of buttons rather than multi-selects so that every action is one keyboard
// press and screen readers announce the column each button acts on.

export interface ColumnChoice {
  id: string;
  label: string;
}

export function ColumnChooser({
  all,
  selected,
  onApply,
}: {
  all: ColumnChoice[];
  selected: string[];
  onApply(columns: string[] | null): void;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string[]>(selected);
  const headingId = useId();
  const label = (id: string) => all.find((c) => c.id === id)?.label ?? id;
  const available = all.filter((c) => !draft.includes(c.id));
  const move = (index: number, by: number) => {
    const next = [...draft];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    setDraft(next);
  };
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        if (next) setDraft(selected);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Columns3 aria-hidden="true" />
          Configure table
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Table configuration"
        description="Choose the columns to show and their order. Saved for your account."
        className="w-[min(44rem,calc(100vw-2rem))]"
        footer={
          <>
            <Button
              onClick={() => {
                onApply(null);
                setOpen(false);
              }}
            >
              Reset
            </Button>
            <Button
              variant="primary"
              disabled={draft.length === 0}
              onClick={() => {
                onApply(draft);
                setOpen(false);
              }}
            >
              Apply
            </Button>
          </>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <section aria-labelledby={`${headingId}-available`}>
            <h3 id={`${headingId}-available`} className="mb-2 text-sm font-semibold">
              Available columns
            </h3>
            <ul className="max-h-80 space-y-1 overflow-y-auto rounded border border-zinc-200 p-1 dark:border-zinc-800">
              {available.length === 0 ? (
                <li className="p-2 text-sm text-zinc-500">All columns are shown.</li>
              ) : null}
              {available.map((c) => (
                <li
                  key={c.id}
                  className="flex items-center justify-between gap-2 rounded px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                >
                  <span className="text-sm">{c.label}</span>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Add column ${c.label}`}
                    onClick={() => setDraft([...draft, c.id])}
                  >
                    <Plus aria-hidden="true" />
                  </Button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${headingId}-selected`}>
            <h3 id={`${headingId}-selected`} className="mb-2 text-sm font-semibold">
              Selected columns
            </h3>
            <ol
              className="max-h-80 space-y-1 overflow-y-auto rounded border border-zinc-200 p-1 dark:border-zinc-800"
              data-testid="selected-columns"
            >
              {draft.map((id, i) => (
                <li
                  key={id}
                  data-column={id}
                  className="flex items-center justify-between gap-1 rounded px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                >
                  <span className="text-sm">{label(id)}</span>
                  <span className="flex">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${label(id)} up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      <ArrowUp aria-hidden="true" />
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${label(id)} down`}
                      disabled={i === draft.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      <ArrowDown aria-hidden="true" />
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove column ${label(id)}`}
                      onClick={() => setDraft(draft.filter((x) => x !== id))}
                    >
                      <X aria-hidden="true" />
                    </Button>
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
