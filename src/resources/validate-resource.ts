// Validates one named resource: schema (types, bounds), unknown fields, polymorphic shapes,
// then the kind's semantic checks. Never throws for user input.
import type { Named } from "./candidate.js";
import { checkHost } from "./checks/host.js";
import { checkListener } from "./checks/listener.js";
import { checkMapping } from "./checks/mapping.js";
import { checkModule } from "./checks/module.js";
import { checkService } from "./checks/service.js";
import { checkEndpointSlice } from "./checks/endpoint-slice.js";
import { checkResolver } from "./checks/resolver.js";
import { checkLogService, checkTracingService } from "./checks/observability.js";
import { checkSecret } from "./checks/secret.js";
import { checkTLSContext } from "./checks/tls-context.js";
import type { CheckContext, CheckResult } from "./checks/check-result.js";
import { findControlCharacters } from "./control-characters.js";
import { error, hasErrors, warning, type Issue } from "./issue.js";
import { validateSpec } from "./schema-validator.js";
import { KIND_SCHEMAS } from "./schemas/index.js";
import { applyShapes } from "./shapes.js";
import { validatedSpec } from "./spec-types.js";
import type { Resource } from "./types.js";
import { closest } from "./suggest.js";
import { findUnknownFields } from "./unknown-fields.js";
import { notActedOn } from "./unsupported-fields.js";
import { isPlainObject, type PlainObject } from "./values.js";

const SPEC = ["spec"];

export function validateResource(n: Named, ctx: CheckContext): CheckResult<Resource> {
  const notes = documentNotes(n);
  const raw = n.spec ?? {};
  if (!isPlainObject(raw)) return { issues: [...notes, error(SPEC, "must be a map")] };
  const schema = KIND_SCHEMAS[n.kind];
  // A Secret's values are PEM text (line breaks are content), checked by checks/secret.ts; they
  // only ever reach Envoy as SDS data, never a header or a path.
  const controls = n.kind === "Secret" ? [] : findControlCharacters(raw, SPEC);
  const issues = [
    ...notes, ...validateSpec(n.kind, raw, SPEC), ...findUnknownFields(raw, schema.spec, SPEC), ...controls,
  ];
  const shaped = applyShapes(raw, schema.shapes, SPEC);
  issues.push(...shaped.issues);
  if (hasErrors(issues)) return { issues };
  const checked = checkKind(n, shaped.value, ctx);
  return checked.resource
    ? { resource: checked.resource, issues: [...issues, ...checked.issues, ...notActedOn(n.kind, raw)] }
    : { issues: [...issues, ...checked.issues] };
}

/** A deprecated apiVersion, stray top-level keys. */
function documentNotes(n: Named): Issue[] {
  const notes: Issue[] = n.note ? [warning(["apiVersion"], n.note)] : [];
  for (const k of n.strayKeys ?? []) {
    const near = closest(k, ["apiVersion", "kind", "metadata", "spec"]);
    notes.push(warning([k], `unknown top-level field (ignored)${near ? `; did you mean ${near}?` : ""}`));
  }
  return notes;
}

function checkKind(n: Named, spec: PlainObject, ctx: CheckContext): CheckResult<Resource> {
  switch (n.kind) {
    case "Mapping":
      return checkMapping(n, validatedSpec(n.kind, spec), ctx);
    case "Host":
      return checkHost(n, validatedSpec(n.kind, spec));
    case "Listener":
      return checkListener(n, validatedSpec(n.kind, spec));
    case "Module":
      return checkModule(n, validatedSpec(n.kind, spec));
    case "TLSContext":
      return checkTLSContext(n, validatedSpec(n.kind, spec));
    case "Service":
      return checkService(n, validatedSpec(n.kind, spec));
    case "Secret":
      // Checked by hand, value by value: its values are key material (see checks/secret.ts).
      return checkSecret(n, spec);
    case "EndpointSlice":
      return checkEndpointSlice(n, validatedSpec(n.kind, spec));
    case "KubernetesServiceResolver":
    case "KubernetesEndpointResolver":
    case "ConsulResolver":
      return checkResolver(n, n.kind, validatedSpec(n.kind, spec));
    case "LogService":
      return checkLogService(n, validatedSpec(n.kind, spec));
    case "TracingService":
      return checkTracingService(n, validatedSpec(n.kind, spec));
    case "Ingress":
    case "IngressClass":
      // Turned into Mappings before validation (ingress.ts); nothing to serve by themselves.
      return { issues: [] };
  }
}
