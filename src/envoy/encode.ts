// proto3 JSON <-> protobuf binary for Envoy resources, through the registry.
// Encoding is the costliest step of a translation, so nothing is encoded twice: a resource
// whose JSON object is unchanged (same identity) or equal (same text) reuses its bytes, and
// RouteConfigurations are encoded route by route (see route-config-encoding.ts).
import { fromJson, toBinary, toJson, type DescMessage, type JsonValue as PbJson } from "@bufbuild/protobuf";
import { createHash } from "node:crypto";
import { envoyRegistry } from "./registry.js";
import { RouteConfigEncoder } from "./route-config-encoding.js";
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
  private byIdentity = new WeakMap<JsonObject, EncodedResource>();
  private byText = new Map<string, EncodedResource>();
  private used = new Set<string>();
  private readonly routeConfigs = new RouteConfigEncoder();

  encode(type: ResourceType, name: string, json: JsonObject): EncodedResource {
    const same = this.byIdentity.get(json);
    if (same && same.name === name && same.typeUrl === TYPE_URLS[type]) return same;
    const enc = type === "route" ? this.make(type, name, this.routeConfigs.encode(json)) : this.encodeByText(type, name, json);
    this.byIdentity.set(json, enc);
    return enc;
  }

  /** Drops text-keyed entries not used since the previous sweep (about one snapshot's worth). */
  sweep(): void {
    for (const key of this.byText.keys()) if (!this.used.has(key)) this.byText.delete(key);
    this.used.clear();
  }

  private encodeByText(type: ResourceType, name: string, json: JsonObject): EncodedResource {
    const key = `${type}\u0000${name}\u0000${JSON.stringify(json)}`;
    this.used.add(key);
    let enc = this.byText.get(key);
    if (!enc) {
      const schema = messageSchema(TYPE_URLS[type]);
      enc = this.make(type, name, toBinary(schema, fromJson(schema, json as PbJson, { registry: envoyRegistry })));
      this.byText.set(key, enc);
    }
    return enc;
  }

  private make(type: ResourceType, name: string, bytes: Uint8Array): EncodedResource {
    const hash = createHash("sha256").update(bytes).digest("base64url").slice(0, 16);
    return { name, typeUrl: TYPE_URLS[type], bytes, hash };
  }
}
