// proto3 JSON <-> protobuf binary for Envoy resources, through the registry.
// Encoding is the costliest step of a translation, so results are memoised by the exact
// JSON text: an unchanged resource is never encoded twice.
import { fromJson, toBinary, toJson, type DescMessage, type JsonValue as PbJson } from "@bufbuild/protobuf";
import { createHash } from "node:crypto";
import { envoyRegistry } from "./registry.js";
import { TYPE_URLS, type JsonObject, type ResourceType } from "./types.js";

export interface EncodedResource {
  readonly name: string;
  readonly typeUrl: string;
  /** Serialized resource message (the `value` of the Any in a DiscoveryResponse). */
  readonly bytes: Uint8Array;
  /** Content hash of `bytes`: the per-resource version used by delta xDS and change detection. */
  readonly hash: string;
}

export function messageSchema(typeUrl: string): DescMessage {
  const schema = envoyRegistry.getMessage(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
  if (!schema) throw new Error(`no protobuf schema registered for ${typeUrl}`);
  return schema;
}

/** Parses proto3 JSON strictly (unknown fields are an error) and returns the canonical JSON. */
export function canonicalJson(type: ResourceType, json: JsonObject): JsonObject {
  const schema = messageSchema(TYPE_URLS[type]);
  const msg = fromJson(schema, json as PbJson, { registry: envoyRegistry });
  return toJson(schema, msg, { registry: envoyRegistry }) as JsonObject;
}

export class ResourceEncoder {
  private cache = new Map<string, EncodedResource>();
  private used = new Set<string>();

  encode(type: ResourceType, name: string, json: JsonObject): EncodedResource {
    const text = JSON.stringify(json);
    const key = `${type}\u0000${text}`;
    this.used.add(key);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const typeUrl = TYPE_URLS[type];
    const schema = messageSchema(typeUrl);
    const bytes = toBinary(schema, fromJson(schema, json as PbJson, { registry: envoyRegistry }));
    const hash = createHash("sha256").update(bytes).digest("base64url").slice(0, 16);
    const enc: EncodedResource = { name, typeUrl, bytes, hash };
    this.cache.set(key, enc);
    return enc;
  }

  /** Drops entries not used since the previous sweep, so the cache holds about one snapshot. */
  sweep(): void {
    for (const key of this.cache.keys()) if (!this.used.has(key)) this.cache.delete(key);
    this.used.clear();
  }
}
