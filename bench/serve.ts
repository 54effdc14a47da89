// A seeded server to poke at by hand (profiling, EXPLAIN): tsx bench/serve.ts [rows=100000]
// Prints the URL, a viewer's API token and session cookie, then serves until interrupted.
// BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server (written when it stops).
import { startBenchServer } from "./app-server";
import { benchArgs } from "./seed";

const server = await startBenchServer(Number(benchArgs().get("rows") ?? 100_000));
console.log(JSON.stringify({ url: server.url, token: server.token, cookie: server.cookie }));
const stop = () => void server.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
