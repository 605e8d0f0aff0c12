// A minimal client for the Envoy admin endpoint: a Unix socket (attache's default) or a port
// on 127.0.0.1. Its main use: changing
// runtime values such as the RE2 program size limit (Module `regex_max_size`) without
// restarting Envoy; they land in the bootstrap's admin layer, which overrides the static one.
// Admin-layer values are lost when Envoy restarts: re-apply them on the supervisor's `started`.
import { request } from "node:http";

export interface AdminResponse {
  readonly status: number;
  readonly body: string;
}

/** A TCP port on 127.0.0.1, or a Unix socket. */
export type AdminAddress = number | { readonly socketPath: string };

export function adminRequest(admin: AdminAddress, method: "GET" | "POST", path: string, timeoutMs = 5_000): Promise<AdminResponse> {
  const where = typeof admin === "number" ? { host: "127.0.0.1", port: admin } : { socketPath: admin.socketPath };
  return new Promise((resolve, reject) => {
    const req = request({ ...where, method, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`envoy admin ${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Sets runtime keys in Envoy's admin layer; throws with Envoy's answer when it refuses. */
export async function runtimeModify(admin: AdminAddress, values: Readonly<Record<string, string | number | boolean>>): Promise<void> {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return;
  const query = new URLSearchParams(keys.map((k): [string, string] => [k, String(values[k])]));
  const res = await adminRequest(admin, "POST", `/runtime_modify?${query.toString()}`);
  if (res.status !== 200) throw new Error(`envoy admin runtime_modify failed (${res.status}): ${res.body.trim()}`);
}

/** The final runtime values Envoy uses, by key. */
export async function runtimeValues(admin: AdminAddress): Promise<Record<string, string>> {
  const res = await adminRequest(admin, "GET", "/runtime");
  if (res.status !== 200) throw new Error(`envoy admin /runtime failed (${res.status})`);
  const entries = (JSON.parse(res.body) as { entries?: Record<string, { final_value?: string }> }).entries ?? {};
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.final_value ?? ""]));
}

/** Envoy's statistics in Prometheus text format. */
export async function envoyPrometheusStats(admin: AdminAddress): Promise<string> {
  const res = await adminRequest(admin, "GET", "/stats/prometheus");
  if (res.status !== 200) throw new Error(`envoy admin /stats/prometheus failed (${res.status})`);
  return res.body;
}
