import { Badge, type BadgeTone } from "@/components/ui/badge";

// Alerts in the product's badge tones: a job condition or transition says how bad (error red, behind
// amber, not known gray, recovered green); a delivery says whether it arrived (sent green, failed red,
// anything still on its way neutral).

const TRANSITION_TONE: Record<string, BadgeTone> = {
  error: "red",
  overdue: "amber",
  stuck: "amber",
  unknown: "gray",
  recovered: "green",
};

const TRANSITION_LABEL: Record<string, string> = {
  error: "→ error",
  overdue: "→ overdue",
  stuck: "→ stuck",
  unknown: "→ unknown",
  recovered: "recovered",
};

/** A transition a rule fires on or an event was ("→ error", "recovered"). */
export function TransitionBadge({ transition }: { transition: string }) {
  return (
    <Badge tone={TRANSITION_TONE[transition] ?? "gray"} data-transition={transition}>
      {TRANSITION_LABEL[transition] ?? transition}
    </Badge>
  );
}

/** An open condition of a job (error, overdue, stuck, unknown). */
export function ConditionBadge({ condition }: { condition: string }) {
  return (
    <Badge tone={TRANSITION_TONE[condition] ?? "gray"} data-condition={condition}>
      {condition}
    </Badge>
  );
}

const DELIVERY_TONE: Record<string, BadgeTone> = { sent: "green", failed: "red" };

/** A delivery's state: sent, failed, or collecting / queued / sending / retrying. */
export function DeliveryStateBadge({ state }: { state: string }) {
  return (
    <Badge tone={DELIVERY_TONE[state] ?? "gray"} data-delivery-state={state}>
      {state}
    </Badge>
  );
}
