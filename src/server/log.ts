import pino from "pino";

// One logger. Secrets are redacted by key wherever they appear, so a careless log call cannot leak them.
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
  // stderr: stdout belongs to command output (the CLI's --json) and to Next's own messages.
  pino.destination({ dest: 2, sync: true }),
);
