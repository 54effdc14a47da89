import Link from "next/link";

// The overview's counts as tiles, each a link to the list that shows exactly those rows
// (data-total names the count for the e2e tests, which compare it with the database).

const link = "text-blue-700 hover:underline dark:text-blue-400";

export interface TotalTile {
  k: string;
  label: string;
  value: number;
  href: string;
}

export function TotalTiles({
  tiles,
  testId,
  className,
  inCard = false,
}: {
  tiles: TotalTile[];
  testId: string;
  /** The grid's columns. */
  className: string;
  /** Inside a card the tiles take its background; on the page they have their own. */
  inCard?: boolean;
}) {
  const surface = inCard ? "" : " bg-white dark:bg-zinc-900";
  return (
    <dl className={`grid gap-3 ${className}`} data-testid={testId}>
      {tiles.map((t) => (
        <div
          key={t.k}
          data-total={t.k}
          className={`rounded-lg border border-zinc-200 p-3 dark:border-zinc-800${surface}`}
        >
          <dt className="text-sm text-zinc-600 dark:text-zinc-400">{t.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            <Link href={t.href} className={link}>
              {t.value}
            </Link>
          </dd>
        </div>
      ))}
    </dl>
  );
}
