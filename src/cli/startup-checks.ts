// Start-up failures that must stop `attache run` with an error naming the flag and the port,
// instead of leaving a process that answers check_alive forever while it cannot serve: ports
// already taken (by anything, including another attache whose Envoy binds with SO_REUSEPORT,
// which would otherwise silently split the traffic), and an Envoy that dies at start because
// it cannot bind its admin or readiness port.
import { createServer } from "node:net";
import { errnoCode, errorText } from "../util/errors.js";

export interface PortClaim {
  /** The flag or resource that chose the port, e.g. `--listener-port` or `Listener default/edge`. */
  readonly owner: string;
  readonly host: string;
  readonly port: number;
}

/** Rejects with a message naming the owner when the port cannot be bound now. */
export function ensurePortFree(claim: PortClaim): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    // No SO_REUSEPORT here: the bind fails if anything holds the port, even with reuse_port.
    probe.once("error", (err: Error) => reject(new Error(portProblem(claim, err))));
    probe.listen({ port: claim.port, host: claim.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export async function ensurePortsFree(claims: readonly PortClaim[]): Promise<void> {
  for (const c of claims) await ensurePortFree(c);
}

export function portProblem(claim: PortClaim, err: unknown): string {
  // gRPC reports a bind failure only in its message.
  const code = errnoCode(err) ?? /EADDRINUSE|EACCES/.exec(errorText(err))?.[0];
  const where = `${claim.host.includes(":") ? `[${claim.host}]` : claim.host}:${claim.port}`;
  if (code === "EADDRINUSE") {
    return `${claim.owner} ${claim.port}: ${where} is already in use (another attache or Envoy on this port would split its traffic); stop it or choose another port`;
  }
  if (code === "EACCES") return `${claim.owner} ${claim.port}: not allowed to bind ${where} (ports below 1024 need privileges)`;
  return `${claim.owner} ${claim.port}: cannot bind ${where}: ${errorText(err)}`;
}

/** Runs a bind and turns its failure into an error naming the owner. */
export async function bindOrExplain<T>(claim: PortClaim, bind: () => Promise<T>): Promise<T> {
  try {
    return await bind();
  } catch (err) {
    throw new Error(portProblem(claim, err));
  }
}

/**
 * Envoy's own words when it cannot bind a static port at start ("cannot bind
 * '127.0.0.1:8006': Address already in use"); the claim it matches, if any.
 */
export function envoyBindFailure(lines: readonly string[], claims: readonly PortClaim[]): PortClaim | undefined {
  for (const line of lines) {
    const m = /cannot bind '([^']*):(\d+)'/.exec(line);
    if (!m) continue;
    const port = Number(m[2]);
    const claim = claims.find((c) => c.port === port);
    if (claim) return claim;
  }
  return undefined;
}
