// `import "server-only"` marks a module as server code. Next resolves the name itself: to an empty
// module on the server, and to a build error ("'server-only' cannot be imported from a Client Component
// module") when a client component reaches the module. Everywhere else (tsx scripts, the CLI's esbuild
// bundle, vitest, Playwright's setup) the name resolves here, through tsconfig.json's `paths` (vitest:
// an alias in vitest.config.ts), and marks nothing: those processes are all server.
export {};
