// What a list/watch loop does next, as pure functions of what the API server said: kept apart
// from the I/O so every branch (410 relist, missing API, forbidden, backoff) is unit-testable.
import { KubeError } from "../../k8s/client.js";

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly uid?: string; readonly resourceVersion?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

/** What one watch event asks of the loop. */
export type EventAction =
  | { readonly action: "upsert"; readonly object: KubeObject; readonly resourceVersion: string | undefined }
  | { readonly action: "delete"; readonly object: KubeObject; readonly resourceVersion: string | undefined }
  | { readonly action: "bookmark"; readonly resourceVersion: string | undefined }
  | { readonly action: "relist"; readonly reason: string }
  | { readonly action: "fail"; readonly reason: string };

export function decideEvent(raw: unknown): EventAction {
  if (!isRecord(raw) || typeof raw["type"] !== "string" || !isRecord(raw["object"])) return { action: "fail", reason: "malformed watch event" };
  // cast: the API server's object; its metadata fields are read with type checks below.
  const object = raw["object"] as KubeObject;
  const rv = typeof object.metadata?.resourceVersion === "string" ? object.metadata.resourceVersion : undefined;
  switch (raw["type"]) {
    case "ADDED":
    case "MODIFIED":
      return { action: "upsert", object, resourceVersion: rv };
    case "DELETED":
      return { action: "delete", object, resourceVersion: rv };
    case "BOOKMARK":
      return { action: "bookmark", resourceVersion: rv };
    case "ERROR": {
      // The object is a metav1.Status; 410 means our resourceVersion is too old to resume from.
      const code = object["code"];
      const message = typeof object["message"] === "string" ? object["message"] : "watch error";
      return code === 410 ? { action: "relist", reason: message } : { action: "fail", reason: `${code ?? "?"}: ${message}` };
    }
    default:
      return { action: "fail", reason: `unknown watch event type ${String(raw["type"])}` };
  }
}

/** What a failed list or watch request asks of the loop. */
export type ErrorAction = "relist" | "missing" | "forbidden" | "backoff";

export function decideError(err: unknown): ErrorAction {
  if (err instanceof KubeError) {
    if (err.status === 410) return "relist";
    // The type's API is not served (e.g. the CRDs are not installed).
    if (err.status === 404) return "missing";
    // Not allowed to read this type (RBAC): retrying fast will not help, blocking the rest is worse.
    if (err.status === 403) return "forbidden";
  }
  return "backoff";
}

/** A 429/503 Status may say when to come back (details.retryAfterSeconds): never sooner than that. */
export function retryAfterMs(err: unknown): number {
  if (!(err instanceof KubeError)) return 0;
  try {
    const body: unknown = JSON.parse(err.body);
    const details = isRecord(body) ? body["details"] : undefined;
    const seconds = isRecord(details) ? details["retryAfterSeconds"] : undefined;
    return typeof seconds === "number" && seconds > 0 ? Math.min(seconds, 300) * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * The delay before re-watching after the server ended a watch normally: a short pause after a
 * healthy watch, the backoff after one that ended at once (a server closing every watch
 * immediately must not cause a hot loop).
 */
export function delayAfterClose(openMs: number, healthyMs: number, nextBackoff: () => number, pauseMs: number): number {
  return openMs >= healthyMs ? pauseMs : Math.max(pauseMs, nextBackoff());
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
