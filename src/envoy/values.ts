// Small builders for recurring Envoy JSON shapes, in canonical proto3 JSON form.
import type { DescMessage, MessageJsonType } from "@bufbuild/protobuf";
import type { AnyJson } from "@bufbuild/protobuf/wkt";
import type { AddressJson } from "#gen/envoy/config/core/v3/address_pb.js";
import type { ConfigSourceJson } from "#gen/envoy/config/core/v3/config_source_pb.js";
import { typeUrlOf } from "./types.js";

/** Milliseconds as a proto3 JSON Duration ("3s", "0.250s"): the form toJson prints. */
export function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const millis = ms % 1000;
  return millis === 0 ? `${seconds}s` : `${seconds}.${String(millis).padStart(3, "0")}s`;
}

export function socketAddress(address: string, port: number): AddressJson {
  return { socketAddress: { address, portValue: port } };
}

export const ADS_CONFIG_SOURCE: ConfigSourceJson = { ads: {}, resourceApiVersion: "V3" };

/**
 * An Any holding `body` as the message `schema` describes: the `@type` comes from the same
 * schema that types the body, so the two cannot disagree.
 */
export function typed<Desc extends DescMessage>(schema: Desc, body?: MessageJsonType<Desc>): AnyJson {
  return Object.assign({ "@type": typeUrlOf(schema) }, body);
}

/**
 * Drops undefined values so optional settings leave no trace in the output. The JSON type is
 * taken from where the result goes (never from the argument), so the argument's fields are
 * checked against it: a misspelt field does not compile, and a call with no typed context
 * does not either.
 */
export function compact<T extends object = never>(o: NoInfer<Partial<T>>): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
