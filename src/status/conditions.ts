// Conditions for one resource, from attache's own verdict (stages source/resources/ir) and
// Envoy's (stage envoy, plus whether Envoy ACKed the config built from it). Pure: the previous
// status is an input so that lastTransitionTime only moves when a condition's status does.
import type { Diagnostic } from "../core/diagnostics.js";
import type { Condition, ConditionStatus, ResourceFacts, ResourceStatus } from "./types.js";

type Verdict = Omit<Condition, "lastTransitionTime" | "observedGeneration">;

export function computeStatus(facts: ResourceFacts, previous: ResourceStatus | undefined, now: string): ResourceStatus {
  const own = facts.diagnostics.filter((d) => d.stage !== "envoy");
  const errors = own.filter((d) => d.severity === "error");
  const warnings = own.filter((d) => d.severity === "warning");
  const rejections = facts.diagnostics.filter((d) => d.stage === "envoy" && d.severity === "error");
  const accepted = acceptedVerdict(errors, warnings);
  const programmed = programmedVerdict(facts, errors, rejections, previous);
  const generation = facts.generation;
  const conditions = [accepted, programmed].map((v) => withTime({ ...v, ...gen(generation) }, previous, now));
  const base: ResourceStatus = { ...gen(generation), conditions };
  if (facts.ref.kind !== "Mapping") return base;
  const running = accepted.status === "True" && programmed.status !== "False";
  return running ? { ...base, state: "Running" } : { ...base, state: "Inactive", reason: errors.length ? accepted.message : programmed.message };
}

function acceptedVerdict(errors: readonly Diagnostic[], warnings: readonly Diagnostic[]): Verdict {
  if (errors.length) return { type: "Accepted", status: "False", reason: "Invalid", message: listOf(errors) };
  const message = warnings.length ? `accepted with warnings: ${listOf(warnings)}` : "accepted";
  return { type: "Accepted", status: "True", reason: "Accepted", message };
}

function programmedVerdict(facts: ResourceFacts, errors: readonly Diagnostic[], rejections: readonly Diagnostic[], previous: ResourceStatus | undefined): Verdict {
  const v = (status: ConditionStatus, reason: string, message: string): Verdict => ({ type: "Programmed", status, reason, message });
  if (errors.length) return v("False", "Invalid", "not programmed: the resource is invalid");
  if (rejections.length) return v("False", "Rejected", listOf(rejections));
  if (facts.envoyAcked || wasProgrammed(previous, facts.generation)) return v("True", "Programmed", "Envoy acknowledged the configuration built from this generation");
  return v("Unknown", "Pending", "waiting for Envoy to acknowledge the configuration built from this generation");
}

// A newer snapshot waiting for its ACK does not make an unchanged resource any less live.
function wasProgrammed(previous: ResourceStatus | undefined, generation: number | undefined): boolean {
  const p = previous?.conditions.find((c) => c.type === "Programmed");
  return p?.status === "True" && p.observedGeneration === generation;
}

function withTime(c: Omit<Condition, "lastTransitionTime">, previous: ResourceStatus | undefined, now: string): Condition {
  const before = previous?.conditions.find((p) => p.type === c.type);
  return { ...c, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now };
}

function gen(generation: number | undefined): { observedGeneration?: number } {
  return generation === undefined ? {} : { observedGeneration: generation };
}

/** The CRDs (like metav1.Condition) cap a message at 32768 characters. */
const MAX_MESSAGE = 32_000;

/** `spec.timeout_ms: must be an integer; spec.prefix: ...` — fields first, as users look for them. */
function listOf(ds: readonly Diagnostic[]): string {
  const text = [...new Set(ds.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)))].join("; ");
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE)}… (truncated)`;
}

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
export function kubeTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
