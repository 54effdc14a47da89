import type { ComponentProps, ReactNode } from "react";
import { Dash } from "./badge";
import { cn } from "./cn";
import { Table, TableBody, TableCell, TableHead, TableRow } from "./table";

export function Card({ className, ...props }: ComponentProps<"section">) {
  return (
    <section
      className={cn(
        "overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
        className,
      )}
      {...props}
    />
  );
}

export function CardHeader({ title, actions, id }: { title: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <div className="flex items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-50 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900/60">
      <h2 id={id} className="text-sm font-semibold">
        {title}
      </h2>
      {actions}
    </div>
  );
}

export function CardBody({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("p-4", className)} {...props} />;
}

export interface Attribute {
  label: string;
  value: ReactNode;
  /** Stable test/anchor id, e.g. the REST field name. */
  field?: string;
}

/**
 * NetBox's ObjectAttributesPanel: a card headed with a title holding a "label | value" table; empty
 * values (null, undefined, "") render the muted em-dash.
 */
export function AttributePanel({
  title,
  attributes,
  actions,
}: {
  title: string;
  attributes: Attribute[];
  actions?: ReactNode;
}) {
  const headingId = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <Card aria-labelledby={headingId}>
      <CardHeader id={headingId} title={title} actions={actions} />
      <Table>
        <TableBody>
          {attributes.map((a) => (
            <TableRow key={a.label} data-field={a.field}>
              <TableHead
                scope="row"
                className="w-2/5 px-4 py-2 align-top whitespace-normal text-zinc-600 dark:text-zinc-400"
              >
                {a.label}
              </TableHead>
              <TableCell className="px-4 py-2 break-words">
                {a.value === null || a.value === undefined || a.value === "" ? <Dash /> : a.value}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
