import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

// The table primitive (shadcn's Table, TableHeader, …): every list in the app, the generic DataTable
// included, is built from these so a table looks and reads the same everywhere. Later classes win
// (cn merges Tailwind utilities), so a table adjusts padding or borders without a variant.

const BOX = {
  /** The bordered box a full-width list sits in. */
  border: "overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800",
  /** No box of its own (a card holds it), but it still scrolls. */
  scroll: "overflow-x-auto",
};

/** The table; `box` wraps it in a box that scrolls sideways when the columns do not fit. */
export function Table({ className, box, ...props }: ComponentProps<"table"> & { box?: keyof typeof BOX }) {
  const table = <table className={cn("w-full text-sm", className)} {...props} />;
  return box ? <div className={BOX[box]}>{table}</div> : table;
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cn("border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900", className)}
      {...props}
    />
  );
}

export function TableBody(props: ComponentProps<"tbody">) {
  return <tbody {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr className={cn("border-b border-zinc-100 last:border-0 dark:border-zinc-800", className)} {...props} />
  );
}

/**
 * A column header (`scope="col"` unless told otherwise); `numeric` right-aligns it over its numbers,
 * `srOnly` names a column only for screen readers (an actions column).
 */
export function TableHead({
  className,
  numeric,
  srOnly,
  scope = "col",
  children,
  ...props
}: ComponentProps<"th"> & { numeric?: boolean; srOnly?: boolean }) {
  return (
    <th
      scope={scope}
      className={cn("px-2 py-2 text-left font-medium whitespace-nowrap", numeric && "text-right", className)}
      {...props}
    >
      {srOnly ? <span className="sr-only">{children}</span> : children}
    </th>
  );
}

/** A cell; `numeric` right-aligns it with tabular digits so counts line up. */
export function TableCell({ className, numeric, ...props }: ComponentProps<"td"> & { numeric?: boolean }) {
  return (
    <td className={cn("px-2 py-1.5 align-top", numeric && "text-right tabular-nums", className)} {...props} />
  );
}

/**
 * A header row of plain column names (more heads, e.g. an actions column, may follow as children);
 * `srOnly` for tables whose columns speak for themselves on screen.
 */
export function TableHeadings({
  headings,
  srOnly,
  className,
  children,
}: {
  headings: readonly string[];
  srOnly?: boolean;
  /** Classes for each head. */
  className?: string;
  children?: ReactNode;
}) {
  return (
    <TableHeader className={srOnly ? "sr-only" : undefined}>
      <tr>
        {headings.map((h) => (
          <TableHead key={h} className={className}>
            {h}
          </TableHead>
        ))}
        {children}
      </tr>
    </TableHeader>
  );
}
