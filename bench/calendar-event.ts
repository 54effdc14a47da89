// nextEvent() cost per call: the simulator and the sync ask for next runs of the same few schedules
// over and over. Prints µs per call for a few schedules, beside a raw baseline (Date arithmetic).
import { nextEvent } from "@/lib/calendar-event";

const CALLS = 100_000;
const T0 = 1_700_000_000;

function perCall(label: string, fn: (t: number) => number): void {
  let sum = 0;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) sum += fn(T0 + i * 37);
  const us = ((performance.now() - started) * 1000) / CALLS;
  console.log(`${label.padEnd(28)} ${us.toFixed(2)} µs/call (checksum ${sum % 1000})`);
}

perCall(
  "baseline: Date → next 15 min",
  (t) => Math.ceil((t + 1) / 900) * 900 + new Date(t * 1000).getUTCMinutes(),
);
for (const schedule of ["*/15", "mon..fri 22:30", "sat 02:00", "*-*-1 03:00"]) {
  perCall(`nextEvent('${schedule}')`, (t) => nextEvent(schedule, t) ?? 0);
}
