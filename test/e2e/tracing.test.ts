// TracingService through a real Envoy into a real Jaeger: requests through the gateway produce
// spans that Jaeger receives by zipkin, then (after the TracingService is edited to the
// opentelemetry driver, a live reconfiguration) by OTLP/gRPC; Jaeger's query API shows them
// with the configured tags (tag_headers, literal, environment and request-header custom tags).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertStatus, docs, mapping, request, resource, startAttache, startBackend, waitFor, type Attache, type Backend } from "../support/harness/index.js";
import { startJaeger, type Jaeger } from "../support/jaeger.js";

interface JaegerTag { readonly key: string; readonly value: unknown }
interface JaegerSpan { readonly operationName: string; readonly tags: readonly JaegerTag[]; readonly processID: string }
interface JaegerTrace { readonly traceID: string; readonly spans: readonly JaegerSpan[]; readonly processes: Readonly<Record<string, { readonly serviceName: string }>> }

let jaeger: Jaeger;
let backend: Backend;
let gw: Attache;

const REQUESTS = 3;

function tracingService(driver: "zipkin" | "opentelemetry"): string {
  const port = driver === "zipkin" ? jaeger.zipkinPort : jaeger.otlpGrpcPort;
  return docs(
    resource("TracingService", "tracing", {
      driver,
      service: `127.0.0.1:${port}`,
      sampling: { overall: 100 },
      tag_headers: ["x-tenant"],
      custom_tags: [
        { tag: "deployment", literal: { value: `blue-${driver}` } },
        { tag: "from-env", environment: { name: "ATTACHE_TEST_NO_SUCH_VAR", default_value: "env-default" } },
        { tag: "client", request_header: { name: "x-client", default_value: "anonymous" } },
      ],
      ...(driver === "opentelemetry" ? { config: { service_name: "attache-otel" } } : {}),
    }),
    mapping("traced", { prefix: "/traced/", service: backend.service }),
  );
}

async function traces(service: string, tenant: string): Promise<JaegerTrace[]> {
  const tags = encodeURIComponent(JSON.stringify({ "x-tenant": tenant }));
  const body = await jaeger.query(`/api/traces?service=${encodeURIComponent(service)}&tags=${tags}&limit=50&lookback=1h`);
  const data = (body as { data?: JaegerTrace[] }).data ?? [];
  return data;
}

function tagsOf(span: JaegerSpan): Record<string, string> {
  return Object.fromEntries(span.tags.map((t) => [t.key, String(t.value)]));
}

async function send(tenant: string, client?: string): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const headers: Record<string, string> = { "x-tenant": tenant, ...(client ? { "x-client": client } : {}) };
    assertStatus(await request(gw.ports.listener, `/traced/${tenant}/${i}`, { headers, agent: false }), 200, `request ${i} for ${tenant}`);
  }
}

describe("TracingService into a real Jaeger", () => {
  before(async () => {
    jaeger = await startJaeger();
    backend = await startBackend("traced");
    gw = await startAttache({ manifests: { "tracing.yaml": tracingService("zipkin") } });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([backend?.stop(), jaeger?.stop()]);
  });

  it("zipkin: spans reach Jaeger with the configured tags", async () => {
    await send("t-zipkin", "cli-1");
    const found = await waitFor(async () => {
      const t = await traces("attache", "t-zipkin");
      return t.length >= REQUESTS ? t : undefined;
    }, 60_000, { what: "zipkin spans for t-zipkin in Jaeger" });
    assert.equal(found.length, REQUESTS, "one trace per request");
    for (const trace of found) {
      const span = trace.spans.find((s) => tagsOf(s)["x-tenant"] === "t-zipkin");
      assert.ok(span, `a span tagged x-tenant in ${trace.traceID}`);
      const tags = tagsOf(span);
      assert.equal(tags["deployment"], "blue-zipkin");
      assert.equal(tags["from-env"], "env-default");
      assert.equal(tags["client"], "cli-1");
      assert.equal(trace.processes[span.processID]?.serviceName, "attache");
    }
  });

  it("opentelemetry: after the TracingService changes driver, spans arrive over OTLP with the tags", async () => {
    gw.writeManifest("tracing.yaml", tracingService("opentelemetry"));
    // The listener is replaced; keep sending until spans of the new driver show up.
    const found = await waitFor(async () => {
      await send("t-otel");
      const t = await traces("attache-otel", "t-otel");
      return t.length > 0 ? t : undefined;
    }, 90_000, { what: "OTLP spans for t-otel in Jaeger", intervalMs: 1000 });
    for (const trace of found) {
      const span = trace.spans.find((s) => tagsOf(s)["x-tenant"] === "t-otel");
      assert.ok(span, `a span tagged x-tenant in ${trace.traceID}`);
      const tags = tagsOf(span);
      assert.equal(tags["deployment"], "blue-opentelemetry");
      assert.equal(tags["client"], "anonymous", "the request header's default");
      assert.equal(trace.processes[span.processID]?.serviceName, "attache-otel");
    }
  });
});
