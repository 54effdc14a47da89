import "server-only";
import pino from "pino";
import pretty from "pino-pretty";

// One logger. Secrets are redacted by key wherever they appear, so a careless log call cannot leak them
// (redaction happens before any formatting below).
//
// Where logs go:
// - PROXBOX_LOG_FILE set: JSON lines appended to that file (every process; for tools and log shippers).
// - otherwise stderr — stdout belongs to command output (the CLI's --json) and to Next's own messages —
//   as JSON lines (the web server and workers: the production convention), or formatted for people when
//   PROXBOX_LOG_FORMAT=pretty, which the CLI (src/cli/cli-env.ts) and `npm run dev` set by default.
//   pino-pretty runs as a synchronous stream in this thread (no worker-thread transport), so a line is
//   written before the next statement runs and nothing is lost when the CLI exits.

function destination(): pino.DestinationStream {
  const file = process.env.PROXBOX_LOG_FILE;
  if (file) return pino.destination({ dest: file, sync: true, mkdir: true, append: true });
  if (process.env.PROXBOX_LOG_FORMAT === "pretty") {
    return pretty({
      destination: 2,
      sync: true,
      colorize: Boolean(process.stderr.isTTY),
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname",
    });
  }
  return pino.destination({ dest: 2, sync: true });
}

export const logger = pino(
  {
    level: process.env.PROXBOX_LOG_LEVEL ?? "info",
    redact: {
      paths: [
        "password",
        "secret",
        "tokenSecret",
        "token_secret",
        "*.password",
        "*.secret",
        "*.tokenSecret",
        "*.token_secret",
        "*.secretEncrypted",
        "headers.authorization",
        "headers.cookie",
      ],
      censor: "[redacted]",
    },
  },
  destination(),
);
