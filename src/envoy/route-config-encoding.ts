// Encodes a RouteConfiguration piecewise: each Route is encoded on its own and cached by the
// identity of its JSON object, then spliced into its VirtualHost and RouteConfiguration as
// length-delimited fields. Protobuf parsers accept fields in any order, so the result is the
// same message; the layout is fixed, so the bytes are deterministic. A one-route change at
// 10,000 routes re-encodes one route, not the whole table.
import { fromJson, toBinary, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { RouteConfigurationSchema, type RouteConfigurationJson } from "#gen/envoy/config/route/v3/route_pb.js";
import { RouteSchema, VirtualHostSchema, type RouteJson, type VirtualHostJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import { envoyRegistry } from "./registry.js";

const VIRTUAL_HOSTS = RouteConfigurationSchema.field["virtualHosts"]?.number ?? fail("virtualHosts");
const ROUTES = VirtualHostSchema.field["routes"]?.number ?? fail("routes");

export class RouteConfigEncoder {
  private routes = new WeakMap<RouteJson, Uint8Array>();

  encode(json: RouteConfigurationJson): Uint8Array {
    const { virtualHosts, ...rest } = json;
    const w = new BinaryWriter();
    w.raw(encodeMessage(RouteConfigurationSchema, rest));
    for (const vh of virtualHosts ?? []) {
      w.tag(VIRTUAL_HOSTS, WireType.LengthDelimited).bytes(this.encodeVirtualHost(vh));
    }
    return w.finish();
  }

  private encodeVirtualHost(json: VirtualHostJson): Uint8Array {
    const { routes, ...rest } = json;
    const w = new BinaryWriter();
    w.raw(encodeMessage(VirtualHostSchema, rest));
    for (const r of routes ?? []) w.tag(ROUTES, WireType.LengthDelimited).bytes(this.encodeRoute(r));
    return w.finish();
  }

  private encodeRoute(json: RouteJson): Uint8Array {
    let bytes = this.routes.get(json);
    if (!bytes) {
      bytes = encodeMessage(RouteSchema, json);
      this.routes.set(json, bytes);
    }
    return bytes;
  }
}

function encodeMessage(schema: DescMessage, json: JsonValue): Uint8Array {
  return toBinary(schema, fromJson(schema, json, { registry: envoyRegistry }));
}

function fail(field: string): never {
  throw new Error(`Envoy API descriptor has no field ${field}`);
}
