"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { HEALTH_LABELS, HEALTH_SEVERITY } from "@/lib/vocabulary";
import type { TopologyCluster } from "@/server/topology/service";
import { HEALTH_FILL, HEALTH_STROKE } from "../overview/health-colors";
import {
  arrowPath,
  headLength,
  linkLabel,
  NODE_R,
  nodePositions,
  type Point,
  strokeWidth,
  VIEW,
} from "./layout";

// One endpoint's nodes and the replication arrows between them. Each arrow is a link (keyboard
// focusable, labelled) to the replication list filtered to that endpoint, source and target.

export function linkHref(endpointId: number, source: string, target: string): string {
  const q = new URLSearchParams({ endpoint_id: String(endpointId), source, target, status: "active" });
  return `/replications?${q.toString()}`;
}

export function ClusterGraph({ cluster, maxJobs }: { cluster: TopologyCluster; maxJobs: number }) {
  const router = useRouter();
  const [hover, setHover] = useState<{ text: string; at: Point } | null>(null);
  const pos = nodePositions(cluster.nodes);
  // Draw mild arrows first so the worst ones are on top.
  const links = [...cluster.links].sort((a, b) => HEALTH_SEVERITY[a.worst] - HEALTH_SEVERITY[b.worst]);
  return (
    <div className="relative">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG of links; a <fieldset> cannot be one */}
      <svg
        viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
        className="h-auto w-full"
        role="group"
        aria-label={`Replication between the nodes of ${cluster.endpointName}`}
        data-testid={`topology-${cluster.endpointName}`}
      >
        {links.map((l) => {
          const from = pos.get(l.source);
          const to = pos.get(l.target);
          if (!from || !to || l.source === l.target) return null;
          const width = strokeWidth(l.jobs, maxJobs);
          const head = headLength(width);
          const { d, label } = arrowPath(from, to, head);
          const markerId = `arrow-${cluster.endpointId}-${l.source}-${l.target}`;
          const text = linkLabel(l, HEALTH_LABELS[l.worst].toLowerCase());
          const href = linkHref(cluster.endpointId, l.source, l.target);
          const show = () => setHover({ text, at: label });
          return (
            <a
              key={`${l.source}>${l.target}`}
              href={href}
              aria-label={text}
              data-source={l.source}
              data-target={l.target}
              data-jobs={l.jobs}
              data-worst={l.worst}
              className="group cursor-pointer outline-none"
              onClick={(e) => {
                e.preventDefault();
                router.push(href);
              }}
              onMouseEnter={show}
              onMouseLeave={() => setHover(null)}
              onFocus={show}
              onBlur={() => setHover(null)}
            >
              <title>{text}</title>
              <defs>
                <marker
                  id={markerId}
                  viewBox="0 0 10 10"
                  refX="0"
                  refY="5"
                  markerUnits="userSpaceOnUse"
                  markerWidth={head}
                  markerHeight={head}
                  orient="auto"
                >
                  <path d="M 0 0 L 10 5 L 0 10 z" className={HEALTH_FILL[l.worst]} />
                </marker>
              </defs>
              {/* A wide invisible path: an easy target, and the focus/hover halo. */}
              <path
                d={d}
                fill="none"
                strokeWidth={width + 12}
                strokeLinecap="round"
                className="stroke-transparent group-hover:stroke-zinc-300/60 group-focus-visible:stroke-blue-500/50 dark:group-hover:stroke-zinc-600/60"
              />
              <path
                d={d}
                fill="none"
                strokeWidth={width}
                markerEnd={`url(#${markerId})`}
                className={HEALTH_STROKE[l.worst]}
              />
              <circle
                cx={label.x}
                cy={label.y}
                r={11}
                className="fill-white stroke-zinc-300 dark:fill-zinc-900 dark:stroke-zinc-600"
              />
              <text
                x={label.x}
                y={label.y}
                textAnchor="middle"
                dominantBaseline="central"
                className="fill-zinc-900 text-[11px] font-semibold dark:fill-zinc-100"
              >
                {l.jobs}
              </text>
            </a>
          );
        })}
        {cluster.nodes.map((n) => {
          const p = pos.get(n.name);
          if (!p) return null;
          return (
            <g key={n.name} data-node={n.name} data-online={n.online}>
              <title>{`${n.name}: ${n.known ? (n.online ? "online" : "offline") : "not in the node list"}`}</title>
              <circle
                cx={p.x}
                cy={p.y}
                r={NODE_R}
                strokeWidth={2}
                strokeDasharray={n.online ? undefined : "5 4"}
                className={cn(
                  n.online
                    ? "fill-white stroke-zinc-700 dark:fill-zinc-900 dark:stroke-zinc-300"
                    : "fill-zinc-100 stroke-zinc-400 dark:fill-zinc-800 dark:stroke-zinc-500",
                )}
              />
              <text
                x={p.x}
                y={p.y}
                textAnchor="middle"
                dominantBaseline="central"
                className="fill-zinc-900 text-[12px] font-semibold dark:fill-zinc-100"
              >
                {n.name}
              </text>
              {!n.online ? (
                <text
                  x={p.x}
                  y={p.y + NODE_R + 13}
                  textAnchor="middle"
                  className="fill-zinc-600 text-[11px] dark:fill-zinc-400"
                >
                  {n.known ? "offline" : "unknown node"}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {hover ? (
        <div
          role="tooltip"
          data-testid="topology-tooltip"
          className="pointer-events-none absolute z-10 -translate-x-1/2 -translate-y-full rounded-md bg-zinc-900 px-2 py-1 text-xs whitespace-nowrap text-white shadow-md dark:bg-zinc-100 dark:text-zinc-900"
          style={{
            left: `${(hover.at.x / VIEW.width) * 100}%`,
            top: `calc(${(hover.at.y / VIEW.height) * 100}% - 14px)`,
          }}
        >
          {hover.text}
        </div>
      ) : null}
    </div>
  );
}
