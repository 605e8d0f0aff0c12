// Schema fragments shared by several kinds (Mapping and the Module's Mapping defaults,
// Host and Listener selectors). Plain values, inlined where used: CRD schemas forbid `$ref`.
import {
  bool, duration, freeObject, int, list, nonNegInt, obj, polymorphic, str, strEnum, stringMap,
} from "./builders.js";
import type { StructuralSchema } from "./schema-type.js";

export const ambassadorId = polymorphic(
  "Ambassador instances that should use this resource: a string or a list of strings.",
);

export const labelSelector: StructuralSchema = obj({
  matchLabels: stringMap(),
  matchExpressions: list(
    obj(
      {
        key: str({ maxLength: 317 }),
        operator: strEnum("In", "NotIn", "Exists", "DoesNotExist"),
        values: list(str({ maxLength: 63 })),
      },
      ["key", "operator"],
    ),
  ),
});

export const retryPolicy: StructuralSchema = obj({
  retry_on: strEnum(
    "5xx", "gateway-error", "connect-failure", "retriable-4xx", "refused-stream",
    "retriable-status-codes", "reset",
  ),
  num_retries: nonNegInt(),
  per_try_timeout: duration(),
});

export const cors: StructuralSchema = obj({
  origins: polymorphic("Allowed origins: a comma-separated string or a list of strings."),
  methods: polymorphic("Allowed methods: a comma-separated string or a list of strings."),
  headers: polymorphic("Allowed headers: a comma-separated string or a list of strings."),
  exposed_headers: polymorphic("Exposed headers: a comma-separated string or a list of strings."),
  credentials: bool(),
  max_age: str({ maxLength: 64 }),
});

export const loadBalancer: StructuralSchema = obj(
  {
    policy: strEnum("round_robin", "least_request", "ring_hash", "maglev"),
    cookie: obj({ name: str({ maxLength: 256 }), path: str(), ttl: duration() }, ["name"]),
    header: str({ maxLength: 256 }),
    source_ip: bool(),
  },
  ["policy"],
);

export const keepalive: StructuralSchema = obj({
  probes: nonNegInt(),
  idle_time: nonNegInt(),
  interval: nonNegInt(),
});

export const circuitBreakers: StructuralSchema = list(
  obj({
    priority: strEnum("default", "high"),
    max_connections: nonNegInt(),
    max_pending_requests: nonNegInt(),
    max_requests: nonNegInt(),
    max_retries: nonNegInt(),
  }),
);

export const errorResponseOverrides: StructuralSchema = list(
  obj(
    {
      on_status_code: int({ minimum: 400, maximum: 599 }),
      body: obj({
        text_format: str(),
        json_format: freeObject("A JSON object template for the response body."),
        text_format_source: obj({ filename: str({ maxLength: 4096 }) }, ["filename"]),
        content_type: str({ maxLength: 256 }),
      }),
    },
    ["on_status_code", "body"],
  ),
);

/** Header name -> value; the value is a string or `{value, append}`. */
export const headersToAdd: StructuralSchema = {
  type: "object",
  maxProperties: 1000,
  additionalProperties: polymorphic("A header value: a string, or {value, append}."),
};

export const headersToRemove = polymorphic("Header names: a string or a list of strings.");
