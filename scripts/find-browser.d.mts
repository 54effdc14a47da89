// Types for scripts/find-browser.mjs (plain JavaScript so `npm test` runs it before anything is built).
export interface FoundBrowser {
  source: "CHROMIUM_PATH" | "Playwright" | "system" | "@sparticuz/chromium";
  executablePath: string;
  args: string[];
}
export interface FindBrowserOptions {
  env?: Record<string, string | undefined>;
  systemPaths?: string[];
  playwright?: () => Promise<string | undefined>;
  sparticuz?: () => Promise<{ executablePath: string; args: string[] }>;
  probe?: (executablePath: string) => Promise<string>;
}
export const BASE_ARGS: string[];
export const SYSTEM_NAMES: string[];
export const HOW_TO_FIX: string;
export class NoBrowserError extends Error {}
export function mergeArgs(extra?: string[]): string[];
export function findBrowser(options?: FindBrowserOptions): Promise<FoundBrowser>;
export function browserEnv(browser: FoundBrowser): Record<string, string>;
