// `npm start` runs this (after building): the Proxbox web process.
import { ConfigError, parseEnv } from "@/server/env";
import { logger } from "@/server/log";
import { startWebServer } from "@/server/web-server";

startWebServer(parseEnv()).catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else logger.fatal({ err }, "Proxbox failed to start");
  process.exit(1);
});
