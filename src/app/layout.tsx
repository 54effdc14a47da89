import type { Metadata } from "next";
import Link from "next/link";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { NavLink } from "@/components/ui/nav-link";
import { THEME_SCRIPT, ThemeToggle } from "@/components/ui/theme-toggle";
import { TooltipProvider } from "@/components/ui/tooltip";
import { UserMenu } from "@/components/ui/user-menu";
import { TRPCProvider } from "@/lib/trpc/react";
import { getCurrentUser } from "@/server/auth/current-user";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Proxbox", template: "%s | Proxbox" },
  description: "Proxmox VE storage replication inventory",
};

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/replications", label: "Replications" },
  { href: "/virtual-machines", label: "Virtual machines" },
  { href: "/endpoints", label: "Endpoints" },
  { href: "/sync-runs", label: "Sync runs" },
  { href: "/schedules", label: "Schedules" },
  { href: "/alerts", label: "Alerts" },
  { href: "/topology", label: "Topology" },
  { href: "/coverage", label: "Coverage" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before first paint (no flash of the wrong theme). */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-blue-700 focus:px-3 focus:py-2 focus:text-white"
        >
          Skip to main content
        </a>
        <NuqsAdapter>
          <TRPCProvider>
            <TooltipProvider>
              <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
                <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
                  <Link href="/" className="font-semibold tracking-tight">
                    Proxbox
                  </Link>
                  <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
                    {NAV.map((item) => (
                      <NavLink key={item.href} href={item.href}>
                        {item.label}
                      </NavLink>
                    ))}
                  </nav>
                  <div className="flex items-center gap-2">
                    <ThemeToggle />
                    {user ? <UserMenu username={user.username} role={user.role} /> : null}
                  </div>
                </div>
              </header>
              <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-6 outline-none">
                {children}
              </main>
            </TooltipProvider>
          </TRPCProvider>
        </NuqsAdapter>
      </body>
    </html>
  );
}
