// Host checks: one TLS source at most, the inline `tls` settings checked as a TLSContext's are,
// and the deprecated `selector` folded into `mappingSelector`. A Host without hostname serves
// every name (`*`), as in Ambassador.
import type { Named } from "../candidate.js";
import { error, hasErrors, warning, type Issue } from "../issue.js";
import type { Host, HostSpec } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";
import { checkCertificateSource } from "./tls-context.js";
import { checkTlsSettings } from "./tls-settings.js";

export function checkHost(n: Named, spec: HostSpec): CheckResult<Host> {
  const issues: Issue[] = [];
  if (spec.tlsContext !== undefined && spec.tls !== undefined) {
    issues.push(error(["spec", "tls"], "set only one of tlsContext, tls"));
  }
  const tls = spec.tls ? checkTlsSettings(spec.tls, ["spec", "tls"], issues) : undefined;
  if (spec.tls) checkCertificateSource(spec.tls, ["spec", "tls"], issues);
  const { selector, ...rest } = { ...spec, hostname: spec.hostname ?? "*" };
  let out: HostSpec = rest;
  if (selector !== undefined) {
    if (spec.mappingSelector === undefined) {
      issues.push(warning(["spec", "selector"], "deprecated; use mappingSelector"));
      out = { ...rest, mappingSelector: selector };
    } else {
      issues.push(warning(["spec", "selector"], "deprecated and ignored: mappingSelector is set"));
    }
  }
  if (hasErrors(issues)) return { issues };
  return { resource: { kind: "Host", meta: metaOf(n), spec: out, ...(tls ? { tls } : {}) }, issues };
}
