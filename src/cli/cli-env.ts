// Imported first by the CLI: its own output is the report, so server logs stay quiet unless asked
// (PROXBOX_LOG_LEVEL=info), and they are lines for people on stderr (or JSON lines in PROXBOX_LOG_FILE),
// where they cannot corrupt --json output on stdout. See src/server/log.ts.
process.env.PROXBOX_LOG_LEVEL ??= "error";
process.env.PROXBOX_LOG_FORMAT ??= "pretty";
