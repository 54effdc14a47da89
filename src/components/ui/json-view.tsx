/** Pretty-printed JSON in a scrollable block (Chromium makes scrollers keyboard-focusable). */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <figure>
      <figcaption className="sr-only">{label}</figcaption>
      <pre className="max-h-96 overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
        {JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}
