// Mapping between epoch seconds and wall-clock seconds in an IANA time zone, via Intl.
//
// Intl.DateTimeFormat#formatToParts costs a few microseconds, far too slow to call several
// times per nextEvent for 100,000 jobs, so offsets are cached per hour. An hour is only
// cached when its first and last second have the same offset, i.e. it holds no transition.
import { daysFromCivil, SECONDS_PER_DAY } from "./civil";

const HOUR = 3600;
const CACHE_LIMIT = 200_000;
// Offsets lie within -12h..+14h, so every epoch whose wall time is W lies in this window.
const WINDOW_BEFORE = 15 * HOUR;
const WINDOW_AFTER = 13 * HOUR;

/** Resolution of a wall time: its first real occurrence, or the end of the gap it falls in. */
export type WallResolution = { kind: "exists"; epoch: number } | { kind: "gap"; gapEndWall: number };

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly hourOffsets = new Map<number, number>();

  /** Throws RangeError for an unknown zone (from Intl). */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** UTC offset in seconds (wall minus epoch) in effect at `epoch`. */
  offset(epoch: number): number {
    const bucket = Math.floor(epoch / HOUR);
    const cached = this.hourOffsets.get(bucket);
    if (cached !== undefined) return cached;
    const first = this.computeOffset(bucket * HOUR);
    const last = this.computeOffset(bucket * HOUR + HOUR - 1);
    if (first !== last) return this.computeOffset(epoch);
    if (this.hourOffsets.size >= CACHE_LIMIT) this.hourOffsets.clear();
    this.hourOffsets.set(bucket, first);
    return first;
  }

  toWall(epoch: number): number {
    return epoch + this.offset(epoch);
  }

  /**
   * Finds the earliest epoch whose wall clock reads `wall` (so an ambiguous time resolves to
   * its first occurrence), or, for a time skipped by a DST gap, the wall time the gap ends at.
   */
  resolve(wall: number): WallResolution {
    const before = this.offset(wall - WINDOW_BEFORE);
    const after = this.offset(wall + WINDOW_AFTER);
    let best: number | null = null;
    for (const candidateOffset of before === after ? [before] : [before, after]) {
      const epoch = wall - candidateOffset;
      if (this.offset(epoch) === candidateOffset && (best === null || epoch < best)) best = epoch;
    }
    if (best !== null) return { kind: "exists", epoch: best };
    return { kind: "gap", gapEndWall: this.gapEnd(wall) };
  }

  /** The first wall time after the DST gap that swallowed `wall`. */
  private gapEnd(wall: number): number {
    const transition = this.firstChange(wall - WINDOW_BEFORE, wall + WINDOW_AFTER);
    const end = transition + this.offset(transition);
    // Defensive: never move backwards, or the caller could loop.
    return end > wall ? end : wall + 1;
  }

  /**
   * Smallest epoch in (lo, hi] whose offset differs from the offset at `lo` (binary search;
   * assumes a single transition in between). Returns `hi` when the offsets are equal.
   */
  firstChange(lo: number, hi: number): number {
    const offsetAtLo = this.offset(lo);
    let low = lo;
    let high = hi;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (this.offset(mid) === offsetAtLo) low = mid;
      else high = mid;
    }
    return high;
  }

  private computeOffset(epoch: number): number {
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of this.format.formatToParts(epoch * 1000)) {
      switch (part.type) {
        case "year":
          year = Number(part.value);
          break;
        case "month":
          month = Number(part.value);
          break;
        case "day":
          day = Number(part.value);
          break;
        case "hour":
          hour = Number(part.value);
          break;
        case "minute":
          minute = Number(part.value);
          break;
        case "second":
          second = Number(part.value);
          break;
        case "era":
          bc = part.value.startsWith("B");
          break;
      }
    }
    if (bc) year = 1 - year;
    const wall = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * HOUR + minute * 60 + second;
    return wall - epoch;
  }
}

const clocks = new Map<string, ZoneClock>();

export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    if (clocks.size >= 64) clocks.clear();
    clocks.set(timeZone, clock);
  }
  return clock;
}

export function isUtcZone(timeZone: string): boolean {
  // Fast path only: any other zone still works (through Intl), just more slowly.
  const upper = timeZone.toUpperCase();
  return upper === "UTC" || upper === "ETC/UTC" || upper === "GMT" || upper === "ETC/GMT";
}
