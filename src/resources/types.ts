// Typed, validated resources: the output of the resources stage and the input of the IR stage.
// Field names follow the getambassador.io/v3alpha1 API so a reader can map them to the docs.
// Only what passed validation gets here; everything else became a Diagnostic.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { LogService, TracingService } from "./observability-types.js";
import type { MappingSpecUninterpreted, ModuleConfigUninterpreted } from "./uninterpreted.js";
import type { GzipSpec, HealthCheckSpec, UpstreamDefaults } from "./feature-types.js";

export type * from "./feature-types.js";

export interface ResourceMeta {
  readonly ref: ResourceRef;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** metadata.generation when the resource came from the API server. */
  readonly generation?: number;
}

/** A header value to add: plain string, or with explicit append behaviour. */
export interface HeaderToAdd {
  readonly value: string;
  readonly append?: boolean;
}

export interface RegexRewrite {
  readonly pattern: string;
  readonly substitution: string;
}

/** `service` parsed: `[scheme://]name[.namespace][:port]`. */
export interface ServiceRef {
  readonly scheme?: "http" | "https";
  /** A Service name (without the `.namespace` suffix), an FQDN or an IP literal (no brackets). */
  readonly host: string;
  /** Namespace when given as `name.namespace` (exactly one dot, not an IP); `host` is then `name`. */
  readonly namespace?: string;
  readonly port?: number;
}

/** Every field of the Mapping schema; those after the resources stage reads are listed here. */
export interface MappingSpec extends MappingSpecUninterpreted, UpstreamDefaults {
  readonly prefix: string;
  /** The TLSContext for TLS to the backend (upstream). */
  readonly tls?: string;
  readonly prefix_regex?: boolean;
  readonly prefix_exact?: boolean;
  readonly case_sensitive?: boolean;
  readonly method?: string;
  readonly method_regex?: boolean;
  /** Header name -> exact value; `true` means "must be present". */
  readonly headers?: Readonly<Record<string, string | true>>;
  readonly regex_headers?: Readonly<Record<string, string>>;
  readonly query_parameters?: Readonly<Record<string, string | true>>;
  readonly regex_query_parameters?: Readonly<Record<string, string>>;
  readonly hostname?: string;
  readonly host?: string;
  readonly host_regex?: boolean;
  readonly precedence?: number;
  readonly service: string;
  /** Name of the resolver (KubernetesEndpointResolver, ...) to find the service's endpoints with. */
  readonly resolver?: string;
  readonly rewrite?: string;
  readonly regex_rewrite?: RegexRewrite;
  readonly host_rewrite?: string;
  readonly add_request_headers?: Readonly<Record<string, HeaderToAdd>>;
  readonly remove_request_headers?: readonly string[];
  readonly add_response_headers?: Readonly<Record<string, HeaderToAdd>>;
  readonly remove_response_headers?: readonly string[];
  readonly timeout_ms?: number;
  readonly idle_timeout_ms?: number;
  readonly connect_timeout_ms?: number;
  readonly weight?: number;
  readonly health_checks?: readonly HealthCheckSpec[];
  readonly dns_type?: "strict_dns" | "logical_dns";
  readonly respect_dns_ttl?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly cluster_tag?: string;
  readonly stats_name?: string;
  readonly grpc?: boolean;
  readonly allow_upgrade?: readonly string[];
  readonly use_websocket?: boolean;
  readonly priority?: "default" | "high";
  readonly auto_host_rewrite?: boolean;
  readonly add_linkerd_headers?: boolean;
  readonly shadow?: boolean;
  readonly host_redirect?: boolean;
  readonly path_redirect?: string;
  readonly prefix_redirect?: string;
  readonly regex_redirect?: RegexRewrite;
  readonly redirect_response_code?: number;
  readonly ambassador_id?: readonly string[];
}

export interface Mapping {
  readonly kind: "Mapping";
  readonly meta: ResourceMeta;
  readonly spec: MappingSpec;
  readonly service: ServiceRef;
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: readonly string[];
  }[];
}

export type InsecureAction = "Redirect" | "Reject" | "Route";

export interface HostSpec {
  readonly hostname?: string;
  readonly mappingSelector?: LabelSelector;
  /** Deprecated name of mappingSelector. */
  readonly selector?: LabelSelector;
  readonly requestPolicy?: {
    readonly insecure?: { readonly action?: InsecureAction; readonly additionalPort?: number };
  };
  readonly tlsSecret?: { readonly name: string; readonly namespace?: string };
  readonly tlsContext?: { readonly name: string };
  readonly tls?: TlsSettingsSpec;
  readonly acmeProvider?: Readonly<Record<string, unknown>>;
  readonly ambassador_id?: readonly string[];
}

export interface Host {
  readonly kind: "Host";
  readonly meta: ResourceMeta;
  readonly spec: HostSpec;
  /** `spec.tls` checked. */
  readonly tls?: TlsSettings;
}

export type ListenerProtocol = "HTTP" | "HTTPS" | "HTTPPROXY" | "HTTPSPROXY" | "TCP" | "TLS" | "UDP";
export type ProtocolLayer = "HTTP" | "PROXY" | "TLS" | "TCP" | "UDP";
export type SecurityModel = "XFP" | "SECURE" | "INSECURE";

export interface ListenerSpec {
  readonly port: number;
  readonly protocol?: ListenerProtocol;
  readonly protocolStack?: readonly ProtocolLayer[];
  readonly securityModel: SecurityModel;
  readonly hostBinding?: {
    readonly namespace?: { readonly from: "SELF" | "ALL" | "SELECTOR" };
    readonly selector?: LabelSelector;
  };
  readonly l7Depth?: number;
  readonly statsPrefix?: string;
  readonly http2MaxConcurrentStreams?: number;
  readonly ambassador_id?: readonly string[];
}

export interface Listener {
  readonly kind: "Listener";
  readonly meta: ResourceMeta;
  readonly spec: ListenerSpec;
  /** protocol/protocolStack resolved to the layers, outermost first (e.g. [TLS, HTTP, TCP]). */
  readonly stack: readonly ProtocolLayer[];
}

/** Module `ambassador` spec.config; keys as in Ambassador. */
export interface ModuleConfig extends ModuleConfigUninterpreted, UpstreamDefaults {
  readonly use_remote_address?: boolean;
  readonly forward_client_cert_details?: "SANITIZE" | "FORWARD_ONLY" | "APPEND_FORWARD" | "SANITIZE_SET" | "ALWAYS_FORWARD_ONLY";
  readonly set_current_client_cert_details?: {
    readonly subject?: boolean; readonly cert?: boolean; readonly chain?: boolean; readonly dns?: boolean; readonly uri?: boolean;
  };
  readonly xff_num_trusted_hops?: number;
  readonly server_name?: string;
  readonly enable_http10?: boolean;
  readonly listener_idle_timeout_ms?: number;
  readonly max_request_headers_kb?: number;
  readonly strip_matching_host_port?: boolean;
  readonly merge_slashes?: boolean;
  // Edge defaults (see docs/security.md): each key overrides one.
  readonly normalize_path?: boolean;
  readonly headers_with_underscores_action?: "ALLOW" | "REJECT_REQUEST" | "DROP_HEADER";
  readonly reject_requests_with_escaped_slashes?: boolean;
  readonly request_headers_timeout_ms?: number;
  readonly stream_idle_timeout_ms?: number;
  readonly request_timeout_ms?: number;
  readonly buffer_limit_bytes?: number;
  readonly cluster_request_timeout_ms?: number;
  readonly cluster_idle_timeout_ms?: number;
  readonly regex_max_size?: number;
  /** The default resolver for every Mapping. */
  readonly resolver?: string;
  /** Who may see the diagnostics page (`/ambassador/v0/diag/`). */
  readonly diagnostics?: { readonly enabled?: boolean; readonly allow_non_local?: boolean };
  readonly gzip?: GzipSpec;
  readonly buffer?: { readonly max_request_bytes: number };
  readonly lua_scripts?: string;
  readonly enable_grpc_web?: boolean;
  readonly add_linkerd_headers?: boolean;
}

export interface Module {
  readonly kind: "Module";
  readonly meta: ResourceMeta;
  readonly config: ModuleConfig;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  readonly appProtocol?: string;
}

export interface ServiceSpec {
  readonly type?: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
  readonly ports: readonly ServicePort[];
  readonly clusterIP?: string;
  readonly externalName?: string;
  readonly selector?: Readonly<Record<string, string>>;
}

/** core/v1 Service, reduced to what routing needs. */
export interface Service {
  readonly kind: "Service";
  readonly meta: ResourceMeta;
  readonly spec: ServiceSpec;
}

/** discovery.k8s.io/v1 EndpointSlice: the endpoints of one Service (label kubernetes.io/service-name). */
export interface EndpointSlice {
  readonly kind: "EndpointSlice";
  readonly meta: ResourceMeta;
  /** The Service this slice belongs to (empty when the label is missing). */
  readonly serviceName: string;
  readonly addressType: "IPv4" | "IPv6" | "FQDN";
  /** Endpoints that are ready (a missing `ready` condition counts as ready, as Kubernetes says). */
  readonly endpoints: readonly { readonly addresses: readonly string[]; readonly ready: boolean }[];
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol?: string }[];
}

export interface Resolver {
  readonly kind: "KubernetesServiceResolver" | "KubernetesEndpointResolver" | "ConsulResolver";
  readonly meta: ResourceMeta;
  readonly spec: { readonly address?: string; readonly datacenter?: string };
}

/** What attache knows of a certificate (never the key). */
export interface CertificateInfo {
  readonly subject: string;
  /** DNS subjectAltNames, lower-cased (the CN when there are none). */
  readonly dnsNames: readonly string[];
  readonly validFrom: string;
  readonly validTo: string;
}

export interface SecretCertificate {
  /** PEM, leaf first; checked to parse and to match `privateKey`. */
  readonly certChain: string;
  /** PEM. Key material: never put into a message, log or diagnostic. */
  readonly privateKey: string;
  readonly info: CertificateInfo;
}

/** A core/v1 Secret holding TLS material (other Secrets never get this far). */
export interface Secret {
  readonly kind: "Secret";
  readonly meta: ResourceMeta;
  readonly type: "kubernetes.io/tls" | "Opaque";
  /** tls.crt + tls.key. */
  readonly tls?: SecretCertificate;
  /** ca.crt (or a lone tls.crt): CA certificates for verifying peers. */
  readonly ca?: { readonly pem: string; readonly subjects: readonly string[] };
  /** crl.pem. */
  readonly crl?: string;
}

export type TlsVersion = "v1.0" | "v1.1" | "v1.2" | "v1.3";

/** The TLS parameters a TLSContext and a Host's inline `tls` share, as written. */
export interface TlsSettingsSpec {
  readonly cert_chain_file?: string;
  readonly private_key_file?: string;
  readonly ca_secret?: string;
  readonly cacert_chain_file?: string;
  readonly crl_secret?: string;
  readonly cert_required?: boolean;
  /** Comma-separated, e.g. `h2,http/1.1`. */
  readonly alpn_protocols?: string;
  readonly min_tls_version?: TlsVersion;
  readonly max_tls_version?: TlsVersion;
  readonly cipher_suites?: readonly string[];
  readonly ecdh_curves?: readonly string[];
  readonly redirect_cleartext_from?: number;
  readonly sni?: string;
  readonly secret_namespacing?: boolean;
}

/** The same, checked: `alpn_protocols` split into `alpn`, unsupported fields reported and dropped. */
export interface TlsSettings {
  readonly cert_chain_file?: string;
  readonly private_key_file?: string;
  readonly ca_secret?: string;
  readonly cacert_chain_file?: string;
  readonly crl_secret?: string;
  readonly cert_required?: boolean;
  /** Parsed from the comma-separated `alpn_protocols`. */
  readonly alpn?: readonly string[];
  readonly min_tls_version?: TlsVersion;
  readonly max_tls_version?: TlsVersion;
  readonly cipher_suites?: readonly string[];
  readonly ecdh_curves?: readonly string[];
  readonly sni?: string;
  readonly secret_namespacing?: boolean;
}

export interface TLSContextSpec extends TlsSettingsSpec {
  readonly hosts?: readonly string[];
  readonly secret?: string;
  readonly ambassador_id?: readonly string[];
}

/** A TLSContext's spec once checked (hostnames lower-cased). */
export interface TLSContextSettings extends TlsSettings {
  readonly hosts?: readonly string[];
  readonly secret?: string;
}

export interface TLSContext {
  readonly kind: "TLSContext";
  readonly meta: ResourceMeta;
  readonly spec: TLSContextSettings;
}

export type Resource = Mapping | Host | Listener | Module | Service | EndpointSlice | Resolver | Secret | TLSContext | LogService | TracingService;

export type { AdditionalLogHeader, LogService, LogServiceSpec, PropagationMode, TracingCustomTag, TracingService, TracingServiceSpec } from "./observability-types.js";

/** Output of the resources stage. Each list is sorted by namespace, then name. */
export interface ResourceSet {
  readonly mappings: readonly Mapping[];
  readonly hosts: readonly Host[];
  readonly listeners: readonly Listener[];
  /** At most one Module named `ambassador` per instance (others are reported). */
  readonly module?: Module;
  readonly services: readonly Service[];
  /** Absent in hand-built sets: no EndpointSlices. */
  readonly endpointSlices?: readonly EndpointSlice[];
  /** Absent in hand-built sets: no resolvers. */
  readonly resolvers?: readonly Resolver[];
  /** Absent in hand-built sets: none. */
  readonly logServices?: readonly LogService[];
  /** Absent in hand-built sets: none. */
  readonly tracingServices?: readonly TracingService[];
  /** Secrets holding TLS material. Absent in hand-built sets: none. */
  readonly secrets?: readonly Secret[];
  /** Absent in hand-built sets: none. */
  readonly tlsContexts?: readonly TLSContext[];
  readonly diagnostics: readonly Diagnostic[];
  /** Resources left out because their ambassador_id names other instances (no diagnostic). */
  readonly otherInstances?: readonly ResourceRef[];
}

export interface ResourceOptions {
  /** This instance's ambassador_id (default `default`). */
  readonly ambassadorId: string;
  /** Namespace for resources that name none (default `default`). */
  readonly defaultNamespace: string;
  /**
   * The file each resource was served from last time, by ref key: of differing duplicates the
   * one from that file keeps the name, so a newcomer cannot take over a live route.
   */
  readonly incumbents?: ReadonlyMap<string, string>;
}
