import { formatDuration } from "@/lib/format-duration";
import { Dash } from "./badge";

/** Seconds rendered like Proxmox's render_duration ("3.4s", "2m 5s"). */
export function Duration({ seconds }: { seconds: number | null | undefined }) {
  if (seconds === null || seconds === undefined) return <Dash />;
  return (
    <span className="tabular-nums" title={`${seconds} s`}>
      {formatDuration(seconds)}
    </span>
  );
}
