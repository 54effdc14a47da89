import type { ComponentProps } from "react";
import { cn } from "./cn";
import { fieldClass } from "./input";

export interface SelectOption {
  value: string;
  label: string;
}

/** A native <select>: keyboard, screen readers and mobile pickers for free. */
export function Select({
  options,
  className,
  placeholder,
  ...props
}: Omit<ComponentProps<"select">, "children"> & { options: readonly SelectOption[]; placeholder?: string }) {
  return (
    <select className={cn(fieldClass, "pr-8", className)} {...props}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
