// Imported first by the CLI: its own output is the report, so server logs stay quiet unless asked
// (PROXBOX_LOG_LEVEL=info), and they go to stderr where they cannot corrupt --json output.
process.env.PROXBOX_LOG_LEVEL ??= "error";
