// Where attache and its own Envoy meet: by default Unix sockets in the work dir (a private
// temp dir, mode 0700), so no TCP port is open for ADS or Envoy admin and no other local user
// can reach them. `--ads-port` (for external Envoys) and `--admin-port` keep TCP on loopback.
import { join } from "node:path";
import type { AdminAddress } from "../proxy/envoy-admin.js";
import type { RunOptions } from "./run-options.js";

export interface LocalEndpoints {
  /** ADS: a Unix socket path, or a loopback port. */
  readonly ads: { readonly socketPath: string } | { readonly port: number };
  readonly admin: AdminAddress;
}

// sun_path holds 108 bytes with its terminating NUL.
const MAX_SOCKET_PATH = 107;

export function localEndpoints(opts: Pick<RunOptions, "adsPort" | "adminPort">, workDir: string): LocalEndpoints {
  const socket = (name: string, flag: string): string => {
    const path = join(workDir, name);
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      throw new Error(`--work-dir ${workDir} is too long for a Unix socket path (${path}); use a shorter --work-dir or set ${flag}`);
    }
    return path;
  };
  return {
    ads: opts.adsPort !== undefined ? { port: opts.adsPort } : { socketPath: socket("ads.sock", "--ads-port") },
    admin: opts.adminPort !== undefined ? opts.adminPort : { socketPath: socket("admin.sock", "--admin-port") },
  };
}

/** For logs: `unix:/path` or the port number. */
export function describeAddress(a: { readonly socketPath: string } | { readonly port: number } | number): string | number {
  if (typeof a === "number") return a;
  return "socketPath" in a ? `unix:${a.socketPath}` : a.port;
}
