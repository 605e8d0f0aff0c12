// `attache diag [URL]`: a summary of a running instance from its diagnostics JSON (default the
// local health server): connected Envoys with what they accepted or rejected, resource counts,
// the last reconfigurations and every resource with an error.
import type { Overview, Page, ResourceRow } from "../diag/view/types.js";

const DEFAULT_URL = "http://127.0.0.1:8877";
const USAGE = "usage: attache diag [URL]   (default " + DEFAULT_URL + ")\n";

export async function diagCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const base = new URL("/ambassador/v0/diag/", args[0] ?? DEFAULT_URL);
  const overview = (await fetchJson(base, { section: "overview" })) as Overview; // cast: the server's own JSON
  const errors = (await fetchJson(base, { section: "resources", state: "error", limit: "1000" })) as Page<ResourceRow>;
  process.stdout.write(formatSummary(overview, errors));
  return errors.matched > 0 ? 1 : 0;
}

async function fetchJson(base: URL, params: Record<string, string>): Promise<unknown> {
  const url = new URL(base);
  url.search = new URLSearchParams({ json: "true", ...params }).toString();
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${url.origin}${url.pathname} answered ${res.status}: ${(await res.text()).trim()}`);
  return res.json();
}

export function formatSummary(o: Overview, errors: Page<ResourceRow>): string {
  const lines: string[] = [];
  const t = o.totals;
  lines.push(`routes ${t.routes}, clusters ${t.clusters}, resources ${t.resources} (${t.errors} errors, ${t.warnings} warnings)`);
  lines.push("", "Envoys:");
  if (o.proxies.length === 0) lines.push("  none connected");
  for (const p of o.proxies) {
    lines.push(`  ${p.nodeId || "(no node id)"}: ${p.streams > 0 ? `${p.streams} stream(s)` : "disconnected"}`);
    for (const ty of p.types) {
      lines.push(`    ${ty.type.padEnd(22)} acked ${ty.acked ?? "-"}`);
      if (ty.rejected) lines.push(`    ${"".padEnd(22)} REJECTED ${ty.rejected.version}: ${ty.rejected.message}`);
    }
  }
  lines.push("", "Resources by kind (ok / warning / error):");
  for (const c of o.counts) lines.push(`  ${c.kind.padEnd(22)} ${c.ok} / ${c.warning} / ${c.error}`);
  const recent = o.reconfigurations.slice(0, 5) as { at: string; serial: number; published: boolean; ms: Record<string, number> }[]; // cast: ControlPlane's Reconfiguration
  if (recent.length) lines.push("", "Last reconfigurations:");
  for (const r of recent) {
    const stages = ["resources", "ir", "envoy", "encode"].map((s) => `${s} ${r.ms[s]}`).join(", ");
    lines.push(`  ${r.at}  ${r.published ? `#${r.serial}` : "no change"}  ${r.ms.total} ms (${stages})`);
  }
  if (errors.matched) lines.push("", `Resources with errors (${errors.matched}):`);
  for (const r of errors.rows) {
    lines.push(`  ${r.kind} ${r.namespace}/${r.name}${r.at ? ` (${r.at})` : ""}${r.rejected ? " [rejected by Envoy]" : ""}`);
    for (const e of r.errors) lines.push(`    ${e}`);
  }
  return lines.join("\n") + "\n";
}
