// Checks a Bootstrap against the Envoy API schema and writes it where Envoy can read it.
// The strict parse catches misspelt fields here, with a clear message, instead of in Envoy's
// startup log after a spawn.
import { fromJson, toJson, type JsonValue as PbJson } from "@bufbuild/protobuf";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { messageSchema } from "../envoy/encode.js";
import { envoyRegistry } from "../envoy/registry.js";
import type { JsonObject } from "../envoy/types.js";
import { errorText } from "../util/errors.js";

const BOOTSTRAP_TYPE_URL = "type.googleapis.com/envoy.config.bootstrap.v3.Bootstrap";
export const BOOTSTRAP_FILE = "envoy-bootstrap.json";

/** Returns the canonical proto3 JSON of `json`; throws naming the offending field if invalid. */
export function validateBootstrap(json: JsonObject): JsonObject {
  const schema = messageSchema(BOOTSTRAP_TYPE_URL);
  try {
    // cast: the generated-code boundary: our JSON types and protobuf-es's JsonValue are the same shape.
    const msg = fromJson(schema, json as PbJson, { registry: envoyRegistry });
    // cast: toJson of a message is always a JSON object.
    return toJson(schema, msg, { registry: envoyRegistry }) as JsonObject;
  } catch (e) {
    throw new Error(`invalid Envoy bootstrap: ${errorText(e)}`);
  }
}

/**
 * Validates and writes the bootstrap to `<workDir>/envoy-bootstrap.json`, returning the path.
 * Written through a temporary file so a restarting Envoy never reads half a file.
 */
export async function writeBootstrap(workDir: string, json: JsonObject): Promise<string> {
  const canonical = validateBootstrap(json);
  await mkdir(workDir, { recursive: true });
  const path = join(workDir, BOOTSTRAP_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(canonical, null, 2) + "\n", { mode: 0o600 });
  await rename(tmp, path);
  return path;
}
