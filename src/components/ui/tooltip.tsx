"use client";

import { Tooltip as TooltipPrimitive } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** Mount once near the root (the layout does). */
export function TooltipProvider({ children }: { children: ReactNode }) {
  return <TooltipPrimitive.Provider delayDuration={250}>{children}</TooltipPrimitive.Provider>;
}

/**
 * Hover/focus tooltip. The child must be focusable (a button, a link, or an element with tabIndex=0)
 * so keyboard users get the same information.
 */
export function Tooltip({
  content,
  children,
  side = "top",
  className,
}: {
  content: ReactNode;
  children: ReactNode;
  side?: "top" | "bottom" | "left" | "right";
  className?: string;
}) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          side={side}
          sideOffset={4}
          className={cn(
            "z-50 max-w-sm rounded-md bg-zinc-900 px-2 py-1 text-xs text-white shadow-md dark:bg-zinc-100 dark:text-zinc-900",
            className,
          )}
        >
          {content}
          <TooltipPrimitive.Arrow className="fill-zinc-900 dark:fill-zinc-100" />
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  );
}

/**
 * Inline text with a tooltip, focusable as a button (so keyboard and screen-reader users reach the
 * extra information): a dotted underline marks it.
 */
export function TooltipText({
  content,
  children,
  label,
  className,
}: {
  content: ReactNode;
  children: ReactNode;
  /** Accessible name when the visible text alone is not enough. */
  label?: string;
  className?: string;
}) {
  return (
    <Tooltip content={content}>
      <button
        type="button"
        aria-label={label}
        className={cn(
          "cursor-help rounded-sm text-left underline decoration-zinc-400 decoration-dotted underline-offset-2 focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:outline-none",
          className,
        )}
      >
        {children}
      </button>
    </Tooltip>
  );
}
