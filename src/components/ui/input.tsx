import type { ComponentProps } from "react";
import { cn, focusRing } from "./cn";

export const fieldClass = cn(
  "h-9 rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 placeholder:text-zinc-500 disabled:opacity-50 aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400",
  focusRing,
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(fieldClass, "w-full", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(fieldClass, "h-auto min-h-20 w-full py-2", className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor or wrap the control
    <label className={cn("text-sm font-medium text-zinc-800 dark:text-zinc-200", className)} {...props} />
  );
}

/** A labelled form row with optional help and error text wired to the control by id. */
export function Field({
  id,
  label,
  help,
  error,
  children,
  className,
}: {
  id: string;
  label: string;
  help?: string;
  error?: string | null;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {help && !error ? (
        <p id={`${id}-help`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
