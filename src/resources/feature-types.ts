// Typed specs of the Mapping and Module features (retries, load balancing, circuit breakers,
// keepalive, health checks, CORS, gzip): what the schemas in schemas/common.ts and
// schemas/module.ts accept, after shapes.ts has normalised the polymorphic fields.
import type { HeaderToAdd } from "./types.js";

export type RetryOn = "5xx" | "gateway-error" | "connect-failure" | "retriable-4xx" | "refused-stream" | "retriable-status-codes" | "reset";

export interface RetryPolicySpec {
  readonly retry_on?: RetryOn;
  readonly num_retries?: number;
  readonly per_try_timeout?: string;
}

export interface CircuitBreakerSpec {
  readonly priority?: "default" | "high";
  readonly max_connections?: number;
  readonly max_pending_requests?: number;
  readonly max_requests?: number;
  readonly max_retries?: number;
}

export type LbPolicy = "round_robin" | "least_request" | "ring_hash" | "maglev";

export interface LoadBalancerSpec {
  readonly policy: LbPolicy;
  readonly cookie?: { readonly name: string; readonly path?: string; readonly ttl?: string };
  readonly header?: string;
  readonly source_ip?: boolean;
}

export interface KeepaliveSpec {
  readonly probes?: number;
  readonly idle_time?: number;
  readonly interval?: number;
}

export interface HealthCheckSpec {
  readonly timeout?: string;
  readonly interval?: string;
  readonly unhealthy_threshold?: number;
  readonly healthy_threshold?: number;
  readonly health_check?: {
    readonly http?: {
      readonly path: string;
      readonly hostname?: string;
      readonly add_request_headers?: Readonly<Record<string, HeaderToAdd>>;
      readonly remove_request_headers?: readonly string[];
      readonly expected_statuses?: readonly { readonly min: number; readonly max: number }[];
    };
    readonly grpc?: { readonly upstream_name: string; readonly authority?: string };
  };
}

/** Lists as written or comma-separated; the shapes stage makes every one a list. */
export interface CorsSpec {
  readonly origins?: readonly string[];
  readonly methods?: readonly string[];
  readonly headers?: readonly string[];
  readonly exposed_headers?: readonly string[];
  readonly credentials?: boolean;
  readonly max_age?: string;
}

/** The upstream settings a Mapping and the Module (as defaults) share. */
export interface UpstreamDefaults {
  readonly retry_policy?: RetryPolicySpec;
  readonly circuit_breakers?: readonly CircuitBreakerSpec[];
  readonly load_balancer?: LoadBalancerSpec;
  readonly keepalive?: KeepaliveSpec;
  readonly cluster_idle_timeout_ms?: number;
  readonly cluster_max_connection_lifetime_ms?: number;
  readonly cors?: CorsSpec;
}

export interface GzipSpec {
  readonly enabled?: boolean;
  readonly min_content_length?: number;
  readonly content_type?: readonly string[];
  readonly memory_level?: number;
  readonly compression_level?: "BEST" | "BEST_COMPRESSION" | "SPEED" | "BEST_SPEED" | "DEFAULT" | "DEFAULT_COMPRESSION";
  readonly compression_strategy?: "DEFAULT" | "DEFAULT_STRATEGY" | "FILTERED" | "HUFFMAN" | "HUFFMAN_ONLY" | "RLE" | "FIXED";
  readonly window_bits?: number;
  readonly disable_on_etag_header?: boolean;
  readonly remove_accept_encoding_header?: boolean;
}

