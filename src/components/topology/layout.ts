import type { TopologyLink, TopologyNode } from "@/server/topology/service";

// Geometry of one cluster's picture: nodes on a circle (two on a row), arrows as quadratic curves
// bent to one side so that a→b and b→a never overlap, stroke width by job count.

export const VIEW = { width: 520, height: 380 };
export const NODE_R = 30;

export interface Point {
  x: number;
  y: number;
}

export function nodePositions(nodes: TopologyNode[]): Map<string, Point> {
  const cx = VIEW.width / 2;
  const cy = VIEW.height / 2;
  const n = nodes.length;
  const out = new Map<string, Point>();
  if (n === 1) out.set(nodes[0].name, { x: cx, y: cy });
  else if (n === 2) {
    out.set(nodes[0].name, { x: cx - 150, y: cy });
    out.set(nodes[1].name, { x: cx + 150, y: cy });
  } else {
    const r = Math.min(cx, cy) - NODE_R - 34;
    nodes.forEach((node, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      out.set(node.name, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    });
  }
  return out;
}

export function strokeWidth(jobs: number, maxJobs: number): number {
  if (maxJobs <= 1) return 3;
  return 2 + 8 * Math.sqrt((jobs - 1) / (maxJobs - 1));
}

export interface ArrowGeometry {
  d: string;
  label: Point;
}

/** The arrowhead's length for a stroke width: always clearly wider than the line. */
export function headLength(width: number): number {
  return 8 + width * 1.4;
}

/** A curve from `from` to `to` that stops `head` short of the target circle: the arrowhead fills that gap. */
export function arrowPath(from: Point, to: Point, head: number): ArrowGeometry {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  // Bend to the left of the direction of travel: the reverse arrow bends the other way.
  const bend = Math.min(60, len * 0.22);
  const c = { x: (from.x + to.x) / 2 + (dy / len) * bend, y: (from.y + to.y) / 2 - (dx / len) * bend };
  const start = toward(from, c, NODE_R + 2);
  const end = toward(to, c, NODE_R + 2 + head);
  const label = {
    x: 0.25 * start.x + 0.5 * c.x + 0.25 * end.x,
    y: 0.25 * start.y + 0.5 * c.y + 0.25 * end.y,
  };
  const f = (v: number) => v.toFixed(1);
  return { d: `M ${f(start.x)} ${f(start.y)} Q ${f(c.x)} ${f(c.y)} ${f(end.x)} ${f(end.y)}`, label };
}

function toward(p: Point, q: Point, dist: number): Point {
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  return { x: p.x + ((q.x - p.x) / len) * dist, y: p.y + ((q.y - p.y) / len) * dist };
}

export function linkLabel(
  l: Pick<TopologyLink, "source" | "target" | "jobs" | "worst">,
  worstLabel: string,
): string {
  return `${l.source} → ${l.target}: ${l.jobs} job${l.jobs === 1 ? "" : "s"}, worst: ${worstLabel}`;
}
