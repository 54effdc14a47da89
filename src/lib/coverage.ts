// The coverage report's risk classes, highest risk first (see src/server/coverage/service.ts): shared
// by the server and the page, which runs partly in the browser.
export const RISK_CLASSES = ["ha", "none", "inactive"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
