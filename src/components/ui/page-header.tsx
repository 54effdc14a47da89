import Link from "next/link";
import type { ReactNode } from "react";

/** NetBox page header: breadcrumb, title, optional subtitle and right-aligned actions. */
export function PageHeader({
  title,
  breadcrumbs,
  subtitle,
  actions,
  identifier,
}: {
  title: ReactNode;
  breadcrumbs?: { href: string; label: string }[];
  subtitle?: ReactNode;
  actions?: ReactNode;
  identifier?: string;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0 space-y-1">
        {breadcrumbs?.length ? (
          <nav aria-label="Breadcrumb">
            <ol className="flex flex-wrap gap-1 text-sm text-zinc-600 dark:text-zinc-400">
              {breadcrumbs.map((b) => (
                <li key={b.href} className="after:ml-1 after:content-['/'] last:after:content-none">
                  <Link href={b.href} className="hover:underline">
                    {b.label}
                  </Link>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <h1 className="text-2xl font-semibold break-words">{title}</h1>
        {subtitle ? <div className="text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</div> : null}
      </div>
      <div className="flex flex-col items-end gap-2">
        {identifier ? <code className="text-xs text-zinc-600 dark:text-zinc-400">{identifier}</code> : null}
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
    </div>
  );
}
