// A real Envoy as the load balancer in front of several attache instances, standing in for a
// Kubernetes Service: round robin over the instances' listeners, and (as the endpoints
// controller does with readiness) only to instances whose check_ready answers 200, by active
// health checks on each instance's health port. No retries: a failed request stays failed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "./http.js";
import { freePorts } from "./ports.js";
import { killTree, OutputLog, trackChild } from "./process.js";
import { envoyBin } from "./repo.js";

export interface Upstream {
  readonly listener: number;
  readonly health: number;
}

export interface Balancer {
  readonly port: number;
  /** `host:port` -> { healthy, requests } from the balancer's /clusters. */
  hosts(): Promise<Record<string, { healthy: boolean; requests: number }>>;
  /** The balancer's /clusters text (for failure messages). */
  clusters(): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

function bootstrap(port: number, admin: number, upstreams: readonly Upstream[]): object {
  const endpoint = (u: Upstream) => ({
    endpoint: {
      address: { socket_address: { address: "127.0.0.1", port_value: u.listener } },
      health_check_config: { port_value: u.health },
    },
  });
  return {
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: admin } } },
    static_resources: {
      listeners: [{
        name: "lb",
        address: { socket_address: { address: "127.0.0.1", port_value: port } },
        filter_chains: [{ filters: [{
          name: "envoy.filters.network.http_connection_manager",
          typed_config: {
            "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            stat_prefix: "lb",
            route_config: { virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "gateways", timeout: "30s" } }] }] },
            http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
          },
        }] }],
      }],
      clusters: [{
        name: "gateways",
        type: "STATIC",
        connect_timeout: "1s",
        lb_policy: "ROUND_ROBIN",
        // Never send to an unready instance, even when only one is left.
        common_lb_config: { healthy_panic_threshold: { value: 0 } },
        health_checks: [{
          // no_traffic_interval too: Envoy checks an idle cluster only once a minute by default.
          timeout: "0.5s", interval: "0.2s", no_traffic_interval: "0.2s", unhealthy_threshold: 1, healthy_threshold: 2,
          http_health_check: { path: "/ambassador/v0/check_ready" },
        }],
        load_assignment: { cluster_name: "gateways", endpoints: [{ lb_endpoints: upstreams.map(endpoint) }] },
      }],
    },
  };
}

export async function startBalancer(upstreams: readonly Upstream[]): Promise<Balancer> {
  const [port, admin] = await freePorts(2);
  const dir = mkdtempSync(join(tmpdir(), "attache-lb-"));
  const file = join(dir, "lb.json");
  writeFileSync(file, JSON.stringify(bootstrap(port!, admin!, upstreams)));
  // Detached: it leads its own process group, which killTree signals.
  const child: ChildProcess = spawn(envoyBin(), ["-c", file, "--disable-hot-restart", "--log-level", "warning", "--concurrency", "1"], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  trackChild(child);
  const log = new OutputLog(child);
  const hosts = async () => {
    const body = (await request(admin!, "/clusters", { timeoutMs: 2000 })).body;
    const out: Record<string, { healthy: boolean; requests: number }> = {};
    for (const line of body.split("\n")) {
      const m = /^gateways::([\d.]+:\d+)::(health_flags|rq_total)::(.*)$/.exec(line);
      if (!m) continue;
      const h = (out[m[1]!] ??= { healthy: false, requests: 0 });
      if (m[2] === "health_flags") h.healthy = m[3] === "healthy";
      else h.requests = Number(m[3]);
    }
    return out;
  };
  return {
    port: port!,
    hosts,
    clusters: async () => (await request(admin!, "/clusters", { timeoutMs: 2000 })).body,
    output: () => log.text(),
    stop: async () => {
      await killTree(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
