import { ShieldAlert, ShieldCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";

// TLS trust as an operator reads it; "insecure" is never shown without a warning.

export const TLS_LABELS: Record<string, string> = {
  system: "System CAs",
  ca: "Custom CA",
  fingerprint: "Pinned fingerprint",
  insecure: "Insecure (no verification)",
};

export function TlsBadge({ mode, warning }: { mode: string; warning?: string | null }) {
  if (mode === "insecure") {
    return (
      <Badge tone="red" title={warning ?? TLS_LABELS.insecure} data-tls="insecure">
        <ShieldAlert aria-hidden="true" />
        Insecure
        <span className="sr-only">: {warning ?? "TLS certificate verification is disabled"}</span>
      </Badge>
    );
  }
  return (
    <Badge tone={mode === "system" ? "gray" : "green"} data-tls={mode}>
      <ShieldCheck aria-hidden="true" />
      {TLS_LABELS[mode] ?? mode}
    </Badge>
  );
}
