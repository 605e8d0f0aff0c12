// The e2e harness in one import.
export * from "./attache.js";
export * from "./backend.js";
export * from "./cli.js";
export * from "./diag.js";
export * from "./envoy-stats.js";
export * from "./http.js";
export * from "./load.js";
export * from "./manifests.js";
export * from "./ports.js";
export * from "./repo.js";
export * from "./wait.js";
export * from "./expect.js";
export { envoyPids, isAlive } from "./process.js";
export * from "./tls.js";
