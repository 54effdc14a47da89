import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

// Tones chosen for ≥ 4.5:1 text contrast on their own background in light and dark mode.
export const badgeVariants = cva(
  "inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium [&_svg]:size-3.5 [&_svg]:shrink-0",
  {
    variants: {
      tone: {
        gray: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
        green: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-300",
        red: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-300",
        amber: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
        blue: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-300",
        purple: "bg-purple-100 text-purple-900 dark:bg-purple-950 dark:text-purple-300",
      },
    },
    defaultVariants: { tone: "gray" },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({
  className,
  tone,
  ...props
}: ComponentProps<"span"> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}

/** NetBox's "placeholder": a muted em-dash for empty values, announced as "none". */
export function Dash() {
  return (
    <span className="text-zinc-500 dark:text-zinc-400" title="none">
      —
    </span>
  );
}
