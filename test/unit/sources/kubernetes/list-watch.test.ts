// The list/watch loop against a tiny scripted client (the real API server is exercised in
// test/k8s/source.test.ts): paging, an injected ERROR 410 event, a missing API, backoff.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubeError, type KubeClient, type StreamOptions } from "../../../../src/k8s/client.js";
import { ListWatch, DEFAULT_TIMING, messageOf, type ListWatchHandlers, type ScopeProblem } from "../../../../src/sources/kubernetes/list-watch.js";
import { WATCHED_TYPES } from "../../../../src/sources/kubernetes/resource-types.js";
import type { KubeObject } from "../../../../src/sources/kubernetes/watch-decision.js";

const MAPPING = WATCHED_TYPES.find((t) => t.kind === "Mapping")!;
const item = (name: string, rv: string): KubeObject => ({ metadata: { name, namespace: "ns", uid: `uid-${name}`, resourceVersion: rv } });

function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
}

type Step = (path: string, onObject: (o: unknown) => void, so: StreamOptions) => Promise<void>;

/** getJson answers list pages from `lists`; stream runs the next scripted watch (then blocks until aborted). */
function fakeClient(lists: ((path: string) => unknown)[], watches: Step[]) {
  const paths: string[] = [];
  const client: KubeClient = {
    server: "https://fake",
    request: async () => ({ status: 500, body: "" }),
    async getJson<T>(path: string) {
      paths.push(path);
      const next = lists.shift();
      if (!next) throw new Error("no more lists scripted");
      return next(path) as T;
    },
    async stream(path, onObject, so) {
      paths.push(path);
      const next = watches.shift();
      if (next) return next(path, onObject, so);
      return untilAborted(so.signal);
    },
  };
  return { client, paths };
}

function recorder() {
  const log: string[] = [];
  const problems: (ScopeProblem | undefined)[] = [];
  const handlers: ListWatchHandlers = {
    replace: (objects) => log.push(`replace ${objects.map((o) => o.metadata?.name).join(",")}`),
    upsert: (o) => log.push(`upsert ${o.metadata?.name}@${o.metadata?.resourceVersion}`),
    remove: (o) => log.push(`remove ${o.metadata?.name}`),
    problem: (p) => problems.push(p),
  };
  return { log, problems, handlers };
}

const FAST = { ...DEFAULT_TIMING, rewatchPauseMs: 1, healthyMs: 10_000, backoff: { initialMs: 5, maxMs: 40, factor: 2, jitter: 0 } };

async function until(what: string, cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("ListWatch loop", () => {
  it("lists every page, then watches from the list's resourceVersion with bookmarks and a timeout", async () => {
    const { client, paths } = fakeClient(
      [
        () => ({ metadata: { resourceVersion: "10", continue: "tok" }, items: [item("a", "3")] }),
        () => ({ metadata: { resourceVersion: "10" }, items: [item("b", "4")] }),
      ],
      [],
    );
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, undefined, r.handlers, FAST);
    lw.start();
    await lw.whenSynced();
    await until("the watch", () => paths.length === 3);
    await lw.stop();
    assert.deepEqual(r.log, ["replace a,b"]);
    assert.match(paths[0]!, /^\/apis\/getambassador\.io\/v3alpha1\/mappings\?limit=500$/);
    assert.match(paths[1]!, /limit=500&continue=tok$/);
    const watch = new URL(paths[2]!, "https://x").searchParams;
    assert.equal(watch.get("watch"), "1");
    assert.equal(watch.get("allowWatchBookmarks"), "true");
    assert.equal(watch.get("resourceVersion"), "10");
    const timeout = Number(watch.get("timeoutSeconds"));
    assert.ok(timeout >= 270 && timeout <= 330, `timeoutSeconds ${timeout}`);
  });

  it("an injected ERROR 410 event relists, and the new watch starts from the new list", async () => {
    const { client, paths } = fakeClient(
      [() => ({ metadata: { resourceVersion: "10" }, items: [item("a", "3")] }), () => ({ metadata: { resourceVersion: "50" }, items: [item("c", "45")] })],
      [
        async (_p, on, so) => {
          so.onOpen?.();
          on({ type: "ADDED", object: item("b", "11") });
          on({ type: "BOOKMARK", object: { metadata: { resourceVersion: "20" } } });
          on({ type: "ERROR", object: { kind: "Status", code: 410, message: "too old resource version" } });
          on({ type: "ADDED", object: item("ignored", "21") }); // after the error: not applied
          await untilAborted(so.signal);
        },
      ],
    );
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, "ns", r.handlers, FAST);
    lw.start();
    await until("the second watch", () => paths.length === 4);
    await lw.stop();
    assert.deepEqual(r.log, ["replace a", "upsert b@11", "replace c"]);
    assert.match(paths[0]!, /\/namespaces\/ns\/mappings\?/);
    assert.equal(new URL(paths[3]!, "https://x").searchParams.get("resourceVersion"), "50");
    assert.equal(lw.stats().lists, 2);
  });

  it("a bookmark advances the resourceVersion a normal re-watch resumes from", async () => {
    const { client, paths } = fakeClient(
      [() => ({ metadata: { resourceVersion: "10" }, items: [] })],
      [
        async (_p, on, so) => {
          so.onOpen?.();
          on({ type: "BOOKMARK", object: { metadata: { resourceVersion: "77" } } });
        },
      ],
    );
    const lw = new ListWatch(client, MAPPING, undefined, recorder().handlers, FAST);
    lw.start();
    await until("the re-watch", () => paths.length === 3);
    await lw.stop();
    assert.equal(new URL(paths[2]!, "https://x").searchParams.get("resourceVersion"), "77");
    assert.equal(lw.stats().lists, 1, "a normal close does not relist");
  });

  it("an HTTP 410 on the watch relists", async () => {
    const { client } = fakeClient(
      [() => ({ metadata: { resourceVersion: "10" }, items: [] }), () => ({ metadata: { resourceVersion: "60" }, items: [item("z", "60")] })],
      [() => Promise.reject(new KubeError(410, "{}", "watch"))],
    );
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, undefined, r.handlers, FAST);
    lw.start();
    await until("the relist", () => r.log.length === 2);
    await lw.stop();
    assert.deepEqual(r.log, ["replace ", "replace z"]);
  });

  it("a missing API counts as synced and empty, is reported as a warning, and is retried slowly", async () => {
    const { client, paths } = fakeClient([() => { throw new KubeError(404, "not found", "GET"); }], []);
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, undefined, r.handlers, { ...FAST, missingRetryMs: 60_000 });
    lw.start();
    await lw.whenSynced();
    await new Promise((res) => setTimeout(res, 50));
    await lw.stop();
    assert.deepEqual(r.log, ["replace "]);
    assert.equal(paths.length, 1, "no retry within the slow retry period");
    assert.equal(r.problems[0]?.severity, "warning");
    assert.match(r.problems[0]!.message, /Mapping \(getambassador\.io\/v3alpha1\) is not served/);
  });

  it("a forbidden type (RBAC) is synced empty and reported as an error without blocking", async () => {
    const { client, paths } = fakeClient([() => { throw new KubeError(403, "secrets is forbidden", "GET"); }], []);
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, "ns", r.handlers, FAST);
    lw.start();
    await lw.whenSynced();
    await lw.stop();
    assert.deepEqual(r.log, ["replace "]);
    assert.equal(paths.length, 1);
    assert.equal(r.problems[0]?.severity, "error");
    assert.match(r.problems[0]!.message, /not allowed to list mappings in namespace ns \(RBAC/);
  });

  it("failing watches back off exponentially instead of hammering", async () => {
    const fail = () => Promise.reject(new Error("connect ECONNREFUSED"));
    const { client } = fakeClient([() => ({ metadata: { resourceVersion: "1" }, items: [] })], Array.from({ length: 100 }, () => fail));
    const r = recorder();
    const lw = new ListWatch(client, MAPPING, undefined, r.handlers, FAST); // 5, 10, 20, 40, 40 ... ms
    lw.start();
    await new Promise((res) => setTimeout(res, 300));
    await lw.stop();
    const watches = lw.stats().watches;
    assert.ok(watches >= 5 && watches <= 12, `${watches} watch attempts in 300 ms`);
    assert.equal(r.problems.at(-1)?.severity, "error");
    assert.match(r.problems.at(-1)!.message, /cannot watch mappings \(all namespaces\): connect ECONNREFUSED/);
  });

  it("a server that closes every watch at once gets the backoff, not a hot loop", async () => {
    const closeAtOnce = async (_p: string, _on: unknown, so: StreamOptions) => so.onOpen?.();
    const { client } = fakeClient([() => ({ metadata: { resourceVersion: "1" }, items: [] })], Array.from({ length: 100 }, () => closeAtOnce));
    const lw = new ListWatch(client, MAPPING, undefined, recorder().handlers, FAST);
    lw.start();
    await new Promise((res) => setTimeout(res, 300));
    await lw.stop();
    assert.ok(lw.stats().watches <= 12, `${lw.stats().watches} watches in 300 ms`);
  });
});

describe("ListWatch problem messages", () => {
  it("an API error is its status and the server's message, without the request path", () => {
    const body = JSON.stringify({ kind: "Status", status: "Failure", message: "storage is (re)initializing", reason: "TooManyRequests" });
    assert.equal(messageOf(new KubeError(429, body, "watch /apis/getambassador.io/v3alpha1/mappings?watch=1")), "HTTP 429: storage is (re)initializing");
    assert.equal(messageOf(new KubeError(502, "<html>bad gateway</html>", "GET /x")), "HTTP 502");
    assert.equal(messageOf(new Error("connect ECONNREFUSED 127.0.0.1:6443\nmore")), "connect ECONNREFUSED 127.0.0.1:6443");
  });
});
