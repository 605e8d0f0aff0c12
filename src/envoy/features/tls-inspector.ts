// TLS termination: a listener with SNI filter chains reads the ClientHello's server name (and
// tells TLS from cleartext) with tls_inspector before a chain is chosen.
import { TlsInspectorSchema } from "#gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const tlsInspector: Feature = {
  name: "tls-inspector",
  goldenCases: ["tls-sni-three-hosts", "tls-context-fields", "tls-default-listeners", "tls-https-proxy"],
  listenerFilter: {
    slot: "tls_inspector",
    name: "envoy.filters.listener.tls_inspector",
    onListener: (l) => (l.tls ? typed(TlsInspectorSchema) : undefined),
  },
};
