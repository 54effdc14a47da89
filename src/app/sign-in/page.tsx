import type { Metadata } from "next";
import { getCurrentUser } from "@/server/auth/current-user";
import { countUsers } from "@/server/auth/service";
import { safeNext } from "@/server/auth/sign-in";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** "Try again in 15 minutes." from the Retry-After seconds the sign-in route put in ?retry=. */
function retryText(retry: string | undefined): string {
  const seconds = Number(retry);
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 86_400) return "Try again later.";
  if (seconds < 60) return "Try again in a moment.";
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

const FIRST_ADMIN_COMMAND = "npm run proxbox -- user create admin --role admin";

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNext(first(params.next));
  const forbidden = first(params.forbidden);
  const [userCount, current] = await Promise.all([countUsers(), getCurrentUser()]);

  return (
    <div className="mx-auto mt-10 max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in to Proxbox</h1>

      {userCount === 0 && (
        <section
          aria-labelledby="first-admin"
          className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950"
        >
          <h2 id="first-admin" className="font-medium">
            No user exists yet
          </h2>
          <p>Create the first administrator on the server, in the Proxbox directory:</p>
          <pre className="overflow-x-auto rounded bg-zinc-900 p-2 text-zinc-100">
            <code>{FIRST_ADMIN_COMMAND}</code>
          </pre>
          <p>
            Without <code>--password</code> a strong password is generated and printed once. Then sign in here
            with that name and password.
          </p>
        </section>
      )}

      {forbidden && current && (
        <p role="alert" className="rounded border border-red-300 p-3 text-sm text-red-700 dark:text-red-400">
          You are signed in as <b>{current.username}</b> ({current.role}); that page needs the{" "}
          <b>{forbidden}</b> role. Sign in as another user or ask an administrator.
        </p>
      )}
      {first(params.error) === "invalid" && (
        <p role="alert" className="rounded border border-red-300 p-3 text-sm text-red-700 dark:text-red-400">
          Invalid username or password.
        </p>
      )}
      {first(params.error) === "throttled" && (
        <p role="alert" className="rounded border border-red-300 p-3 text-sm text-red-700 dark:text-red-400">
          Too many sign-in attempts. {retryText(first(params.retry))}
        </p>
      )}
      {first(params.signed_out) && <p role="status">You have been signed out.</p>}

      {current && !forbidden ? (
        <div className="space-y-3 text-sm">
          <p>
            You are signed in as <b>{current.username}</b> ({current.role}).{" "}
            <a href={next} className="underline">
              Continue
            </a>
          </p>
          <form method="post" action="/api/auth/sign-out/">
            <button type="submit" className="rounded border border-zinc-300 px-3 py-1 dark:border-zinc-700">
              Sign out
            </button>
          </form>
        </div>
      ) : (
        <form method="post" action="/api/auth/sign-in/" className="space-y-4">
          <input type="hidden" name="next" value={next} />
          <div className="space-y-1">
            <label htmlFor="username" className="block text-sm font-medium">
              Username
            </label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              required
              className="w-full rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="password" className="block text-sm font-medium">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="w-full rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          <button
            type="submit"
            className="w-full rounded bg-blue-600 px-3 py-2 font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-400"
          >
            Sign in
          </button>
        </form>
      )}
    </div>
  );
}
