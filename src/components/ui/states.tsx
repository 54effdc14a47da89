import { CircleAlert, Inbox } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { Spinner } from "./spinner";

export function EmptyState({
  title,
  children,
  action,
  className,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-2 rounded-md border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700",
        className,
      )}
    >
      <Inbox aria-hidden="true" className="size-6 text-zinc-500" />
      <p className="font-medium">{title}</p>
      {children ? <div className="text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
      {action}
    </div>
  );
}

/** An error is never shown as "no data": it says what failed and offers a retry. */
export function ErrorState({
  title = "Something went wrong",
  message,
  onRetry,
  className,
}: {
  title?: string;
  message?: string;
  onRetry?: () => void;
  className?: string;
}) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-start gap-2 rounded-md border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200",
        className,
      )}
    >
      <p className="flex items-center gap-2 font-medium">
        <CircleAlert aria-hidden="true" className="size-4" />
        {title}
      </p>
      {message ? <p className="text-sm">{message}</p> : null}
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

export function LoadingState({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <div
      aria-busy="true"
      className={cn("flex items-center gap-2 p-4 text-sm text-zinc-600 dark:text-zinc-400", className)}
    >
      <Spinner label={label} />
      <span aria-hidden="true">{label}</span>
    </div>
  );
}

/**
 * What a query-backed view shows until its data is there: the spinner while it loads, the error with
 * a retry when it failed. Use as `if (!q.isSuccess) return <QueryState query={q} … />`.
 */
export function QueryState({
  query,
  loading,
  failed,
}: {
  query: { isError: boolean; error: { message: string } | null; refetch(): unknown };
  /** e.g. "Loading endpoints…" */
  loading: string;
  /** e.g. "Could not load endpoints" */
  failed: string;
}) {
  if (!query.isError) return <LoadingState label={loading} />;
  return <ErrorState title={failed} message={query.error?.message} onRetry={() => query.refetch()} />;
}
