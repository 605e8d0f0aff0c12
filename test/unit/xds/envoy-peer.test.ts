// The first xDS peer: a real Envoy fed by our ADS server over state of the world (GRPC). The
// scenario (see envoy-peer.ts) is shared with the delta peer test.
import { test } from "node:test";
import { switchUpdateAndNack } from "./envoy-peer.js";

test("Envoy: ACKs every type, switches routes with no failed request, NACKs a bad route once", { timeout: 120_000 }, async () => {
  await switchUpdateAndNack("GRPC");
});
