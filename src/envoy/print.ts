// The printed form of an EnvoyConfig: what `attache translate` writes and the golden files hold.
// One function so the CLI and the golden tests can never drift apart.
import { CONFIG_KEYS, RESOURCE_SCHEMAS, typeUrlOf, type EnvoyConfig, type EnvoyResource, type JsonObject, type ResourceType } from "./types.js";

/** Types in the order the printed object lists them (readers expect listeners first). */
const PRINT_ORDER: readonly ResourceType[] = ["listener", "route", "cluster", "endpoint", "secret"];

/** A resource's proto3 JSON with `@type` as its first key, as in an xDS Any. */
export function typedJson(type: ResourceType, resource: EnvoyResource): JsonObject {
  return { "@type": typeUrlOf(RESOURCE_SCHEMAS[type]), ...resource.json };
}

/** What `printConfig` writes, read back: each list holds typed proto3 JSON objects. */
export type PrintedConfig = { readonly [K in keyof EnvoyConfig]: readonly JsonObject[] };

/** The config with every SDS certificate's private key replaced by `[redacted]`. */
export function withoutPrivateKeys(config: EnvoyConfig): EnvoyConfig {
  const secrets = config.secrets.map((s) => {
    const cert = s.json["tlsCertificate"];
    if (typeof cert !== "object" || cert === null || Array.isArray(cert) || cert["privateKey"] === undefined) return s;
    return { ...s, json: { ...s.json, tlsCertificate: { ...cert, privateKey: { inlineString: "[redacted]" } } } };
  });
  return { ...config, secrets };
}

/** `{"listeners":[...],"routes":[...],"clusters":[...],"endpoints":[...],"secrets":[...]}`, 2-space indented, newline-terminated. */
export function printConfig(config: EnvoyConfig): string {
  const out: Partial<Record<keyof PrintedConfig, JsonObject[]>> = {};
  for (const type of PRINT_ORDER) {
    const key = CONFIG_KEYS[type];
    out[key] = config[key].map((r) => typedJson(type, r));
  }
  return JSON.stringify(out, null, 2) + "\n";
}
