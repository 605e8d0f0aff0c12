// Specs of the external services Envoy calls out to: AuthService (ext_authz),
// RateLimitService, LogService (access logs) and TracingService. Not served yet: only the CRD
// generator reads these schemas; the resources stage reports the kinds as unsupported.
import { bool, durationMs, freeObject, int, list, nonNegInt, num, obj, str, strEnum, stringMap } from "./builders.js";
import { ambassadorId } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

// Until attache serves these kinds, fields beyond the documented ones are kept rather than
// refused, so existing Emissary manifests still apply.
const KEEP_UNKNOWN = { "x-kubernetes-preserve-unknown-fields": true } as const;

const service = str({ minLength: 1, maxLength: 4096 });
const protocolVersion = strEnum("v2", "v3");
const headerNames = list(str({ maxLength: 256 }));

export const authServiceSchema: StructuralSchema = obj(
  {
    auth_service: service,
    path_prefix: str({ maxLength: 4096 }),
    tls: str({ maxLength: 253 }),
    proto: strEnum("http", "grpc"),
    protocol_version: protocolVersion,
    timeout_ms: durationMs(),
    allowed_request_headers: headerNames,
    allowed_authorization_headers: headerNames,
    add_auth_headers: stringMap(),
    include_body: obj({ max_bytes: nonNegInt(), allow_partial: bool() }, ["max_bytes"]),
    status_on_error: obj({ code: int({ minimum: 100, maximum: 599 }) }),
    failure_mode_allow: bool(),
    ambassador_id: ambassadorId,
  },
  ["auth_service"],
  KEEP_UNKNOWN,
);

export const rateLimitServiceSchema: StructuralSchema = obj(
  {
    service,
    domain: str({ maxLength: 256 }),
    timeout_ms: durationMs(),
    tls: str({ maxLength: 253 }),
    protocol_version: protocolVersion,
    failure_mode_deny: bool(),
    grpc: obj({ use_resource_exhausted_code: bool() }),
    ambassador_id: ambassadorId,
  },
  ["service"],
  KEEP_UNKNOWN,
);

export const logServiceSchema: StructuralSchema = obj(
  {
    service,
    driver: strEnum("tcp", "http"),
    driver_config: obj({
      additional_log_headers: list(
        obj(
          {
            header_name: str({ minLength: 1, maxLength: 256 }),
            during_request: bool(),
            during_response: bool(),
            during_trailer: bool(),
          },
          ["header_name"],
        ),
      ),
    }),
    flush_interval_time: durationMs(),
    flush_interval_byte_size: nonNegInt(),
    ambassador_id: ambassadorId,
  },
  ["service", "driver"],
  KEEP_UNKNOWN,
);

const percent = num({ minimum: 0, maximum: 100 });
const fromSource = obj({ name: str({ minLength: 1, maxLength: 256 }), default_value: str() }, ["name"]);

export const tracingServiceSchema: StructuralSchema = obj(
  {
    driver: strEnum("zipkin", "opentelemetry", "datadog", "lightstep"),
    service,
    sampling: obj({ client: percent, random: percent, overall: percent }),
    custom_tags: list(
      obj(
        {
          tag: str({ minLength: 1, maxLength: 256 }),
          literal: obj({ value: str() }, ["value"]),
          environment: fromSource,
          request_header: fromSource,
        },
        ["tag"],
      ),
    ),
    config: freeObject("Driver-specific settings (collector endpoint, service name, ...)."),
    ambassador_id: ambassadorId,
  },
  ["driver", "service"],
  KEEP_UNKNOWN,
);
