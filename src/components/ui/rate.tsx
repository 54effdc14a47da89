/** Proxmox's rate limit rendering: "unlimited" or "<v> MB/s". */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "unlimited" : `${rate} MB/s`;
}

export function Rate({ value }: { value: number | null | undefined }) {
  return (
    <span
      className={
        value == null
          ? "whitespace-nowrap text-zinc-600 dark:text-zinc-400"
          : "whitespace-nowrap tabular-nums"
      }
    >
      {formatRate(value)}
    </span>
  );
}
