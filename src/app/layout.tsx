import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { TRPCProvider } from "@/lib/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Proxbox", template: "%s | Proxbox" },
  description: "Proxmox VE storage replication inventory",
};

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/replications", label: "Replications" },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <TRPCProvider>
          <header className="border-b border-zinc-200 dark:border-zinc-800">
            <nav aria-label="Main" className="mx-auto flex max-w-screen-2xl items-center gap-6 px-4 py-3">
              <Link href="/" className="font-semibold tracking-tight">
                Proxbox
              </Link>
              {NAV.map((item) => (
                <Link key={item.href} href={item.href} className="text-sm hover:underline">
                  {item.label}
                </Link>
              ))}
            </nav>
          </header>
          <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
        </TRPCProvider>
      </body>
    </html>
  );
}
