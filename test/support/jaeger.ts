// A real Jaeger (v2, in-memory storage) for the tracing tests, on free loopback ports: zipkin
// and OTLP/gRPC receivers and the query HTTP API. The binary is JAEGER_BIN, else what
// scripts/setup-jaeger.sh builds (and caches) from the Go module proxy.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "./harness/http.js";
import { freePorts } from "./harness/ports.js";
import { killTree, OutputLog, trackChild } from "./harness/process.js";
import { REPO_ROOT } from "./harness/repo.js";
import { waitFor } from "./harness/wait.js";

export interface Jaeger {
  readonly zipkinPort: number;
  readonly otlpGrpcPort: number;
  readonly queryPort: number;
  /** GET on the query API, parsed JSON. */
  query(path: string): Promise<unknown>;
  output(): string;
  stop(): Promise<void>;
}

export function jaegerBin(): string {
  return process.env.JAEGER_BIN || execFileSync("sh", [join(REPO_ROOT, "scripts", "setup-jaeger.sh")], { encoding: "utf8" }).trim();
}

function config(p: { zipkin: number; otlp: number; query: number; queryGrpc: number }): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp, zipkin]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  jaeger_query:
    storage:
      traces: mem
    http:
      endpoint: 127.0.0.1:${p.query}
    grpc:
      endpoint: 127.0.0.1:${p.queryGrpc}
  jaeger_storage:
    backends:
      mem:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${p.otlp}
  zipkin:
    endpoint: 127.0.0.1:${p.zipkin}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: mem
`;
}

export async function startJaeger(): Promise<Jaeger> {
  const bin = jaegerBin();
  const [zipkin, otlp, query, queryGrpc] = await freePorts(4) as [number, number, number, number];
  const dir = mkdtempSync(join(tmpdir(), "attache-jaeger-"));
  const file = join(dir, "config.yaml");
  writeFileSync(file, config({ zipkin, otlp, query, queryGrpc }));
  const child = spawn(bin, [`--config=file:${file}`], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  trackChild(child);
  const log = new OutputLog(child);
  const get = async (path: string): Promise<unknown> => {
    const res = await request(query, path, { agent: false });
    if (res.status !== 200) throw new Error(`jaeger ${path}: ${res.status} ${res.body}`);
    return JSON.parse(res.body);
  };
  const stop = async () => {
    await killTree(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => get("/api/services").then(() => true), 60_000, { what: "Jaeger's query API to answer" });
  } catch (e) {
    await stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${log.text()}`);
  }
  return { zipkinPort: zipkin, otlpGrpcPort: otlp, queryPort: query, query: get, output: () => log.text(), stop };
}
