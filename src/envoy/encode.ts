// proto3 JSON <-> protobuf binary for Envoy resources, through the registry.
// Encoding is the costliest step of a translation, so nothing is encoded twice: a resource
// whose JSON object is unchanged (same identity) or equal (same text) reuses its bytes, and
// RouteConfigurations are encoded route by route (see route-config-encoding.ts).
import { fromJson, toBinary, toJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { createHash } from "node:crypto";
import { envoyRegistry } from "./registry.js";
import { RouteConfigEncoder } from "./route-config-encoding.js";
import { RESOURCE_SCHEMAS, typeUrlOf, type ResourceJson, type ResourceType } from "./types.js";

export interface EncodedResource {
  readonly name: string;
  readonly typeUrl: string;
  /** Serialized resource message (the `value` of the Any in a DiscoveryResponse). */
  readonly bytes: Uint8Array;
  /** Content hash of `bytes`: the per-resource version used by delta xDS and change detection. */
  readonly hash: string;
}

const TYPE_URL: { readonly [K in ResourceType]: string } = {
  listener: typeUrlOf(RESOURCE_SCHEMAS.listener),
  route: typeUrlOf(RESOURCE_SCHEMAS.route),
  cluster: typeUrlOf(RESOURCE_SCHEMAS.cluster),
  endpoint: typeUrlOf(RESOURCE_SCHEMAS.endpoint),
  secret: typeUrlOf(RESOURCE_SCHEMAS.secret),
};

/** The message registered under a type URL (or a bare message name). */
export function messageSchema(typeUrl: string): DescMessage {
  const schema = envoyRegistry.getMessage(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
  if (!schema) throw new Error(`no protobuf schema registered for ${typeUrl}`);
  return schema;
}

/** Parses proto3 JSON strictly (unknown fields are an error) and returns the canonical JSON. */
export function canonicalJson(type: ResourceType, json: JsonValue): JsonValue {
  const schema = RESOURCE_SCHEMAS[type];
  return toJson(schema, fromJson(schema, json, { registry: envoyRegistry }), { registry: envoyRegistry });
}

type EncodeFns = { readonly [K in ResourceType]: (name: string, json: ResourceJson[K]) => EncodedResource };

export class ResourceEncoder {
  private byIdentity = new WeakMap<object, EncodedResource>();
  private byText = new Map<string, EncodedResource>();
  private used = new Set<string>();
  private readonly routeConfigs = new RouteConfigEncoder();
  private readonly encoders: EncodeFns = {
    listener: (name, json) => this.encodeByText("listener", name, json),
    route: (name, json) => this.make("route", name, this.routeConfigs.encode(json)),
    cluster: (name, json) => this.encodeByText("cluster", name, json),
    endpoint: (name, json) => this.encodeByText("endpoint", name, json),
    secret: (name, json) => this.encodeByText("secret", name, json),
  };

  encode<K extends ResourceType>(type: K, name: string, json: ResourceJson[K]): EncodedResource {
    const same = this.byIdentity.get(json);
    if (same && same.name === name && same.typeUrl === TYPE_URL[type]) return same;
    const encode: EncodeFns[K] = this.encoders[type];
    const enc = encode(name, json);
    this.byIdentity.set(json, enc);
    return enc;
  }

  /** Drops text-keyed entries not used since the previous sweep (about one snapshot's worth). */
  sweep(): void {
    for (const key of this.byText.keys()) if (!this.used.has(key)) this.byText.delete(key);
    this.used.clear();
  }

  private encodeByText(type: ResourceType, name: string, json: JsonValue): EncodedResource {
    const key = `${type}\u0000${name}\u0000${JSON.stringify(json)}`;
    this.used.add(key);
    let enc = this.byText.get(key);
    if (!enc) {
      const schema = RESOURCE_SCHEMAS[type];
      enc = this.make(type, name, toBinary(schema, fromJson(schema, json, { registry: envoyRegistry })));
      this.byText.set(key, enc);
    }
    return enc;
  }

  private make(type: ResourceType, name: string, bytes: Uint8Array): EncodedResource {
    const hash = createHash("sha256").update(bytes).digest("base64url").slice(0, 16);
    return { name, typeUrl: TYPE_URL[type], bytes, hash };
  }
}
