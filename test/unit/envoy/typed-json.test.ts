// The builders' JSON is typed by the Envoy API: these lines must NOT compile (tsc fails on an
// unused @ts-expect-error), so a misspelt field, a wrong enum value or an Any whose body does
// not fit its @type is caught by the build, not by the encoder at run time.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import { compact, typed } from "../../../src/envoy/values.js";

test("misspelt fields, wrong enum values and mismatched Any bodies do not compile", () => {
  // @ts-expect-error a misspelt field
  const misspelt: ClusterJson = compact({ name: "c", conectTimeout: "1s" });
  // @ts-expect-error an enum value the API does not have
  const badEnum: ClusterJson = { name: "c", type: "DNS" };
  // @ts-expect-error a body that is not the message the @type names
  const badAny = typed(RouterSchema, { statPrefix: "x" });
  // @ts-expect-error compact needs a typed destination to check against
  const untyped = compact({ name: "c" });
  assert.ok(misspelt && badEnum && badAny && untyped);
  assert.deepEqual(compact<ClusterJson>({ name: "c", connectTimeout: undefined }), { name: "c" });
});
