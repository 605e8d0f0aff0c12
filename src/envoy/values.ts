// Small builders for recurring Envoy JSON shapes, in canonical proto3 JSON form.
import type { JsonObject } from "./types.js";

/** Milliseconds as a proto3 JSON Duration ("3s", "0.250s"): the form toJson prints. */
export function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const millis = ms % 1000;
  return millis === 0 ? `${seconds}s` : `${seconds}.${String(millis).padStart(3, "0")}s`;
}

export function socketAddress(address: string, port: number): JsonObject {
  return { socketAddress: { address, portValue: port } };
}

export const ADS_CONFIG_SOURCE: JsonObject = { ads: {}, resourceApiVersion: "V3" };

export function typed(typeUrlSuffix: string, body: JsonObject = {}): JsonObject {
  return { "@type": `type.googleapis.com/${typeUrlSuffix}`, ...body };
}

/** Drops undefined values so optional settings leave no trace in the output. */
export function compact(o: Record<string, JsonObject[string] | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
