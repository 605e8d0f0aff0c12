// Host checks: one TLS source at most, and the deprecated `selector` folded into
// `mappingSelector`. A Host without hostname serves every name (`*`), as in Ambassador.
import type { Named } from "../candidate.js";
import { error, hasErrors, warning, type Issue } from "../issue.js";
import type { Host, HostSpec } from "../types.js";
import { isPlainObject, type PlainObject } from "../values.js";
import { checkCertificateSource } from "./tls-context.js";
import { checkTlsSettings } from "./tls-settings.js";
import { metaOf, type CheckResult } from "./check-result.js";

export function checkHost(n: Named, spec: PlainObject): CheckResult<Host> {
  const issues: Issue[] = [];
  if (spec.tlsContext !== undefined && spec.tls !== undefined) {
    issues.push(error(["spec", "tls"], "set only one of tlsContext, tls"));
  }
  const out: PlainObject = { ...spec, hostname: spec.hostname ?? "*" };
  if (isPlainObject(spec.tls)) {
    out.tls = checkTlsSettings(spec.tls, ["spec", "tls"], issues) as PlainObject;
    checkCertificateSource(spec.tls, ["spec", "tls"], issues);
  }
  if (spec.selector !== undefined) {
    if (spec.mappingSelector === undefined) {
      issues.push(warning(["spec", "selector"], "deprecated; use mappingSelector"));
      out.mappingSelector = spec.selector;
    } else {
      issues.push(warning(["spec", "selector"], "deprecated and ignored: mappingSelector is set"));
    }
    delete out.selector;
  }
  if (hasErrors(issues)) return { issues };
  return { resource: { kind: "Host", meta: metaOf(n), spec: out as HostSpec }, issues };
}
