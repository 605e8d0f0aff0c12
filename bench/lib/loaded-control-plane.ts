// An in-process control plane holding N synthetic Mappings, driven the way `attache run` drives
// it (a SourceSnapshot into ControlPlane.apply, snapshots published to an XdsCache), with a
// one-Mapping edit that reports how long until the new snapshot was published.
import { parseManifestText } from "../../src/sources/directory/manifest-parser.js";
import type { SourceDocument, SourceSnapshot } from "../../src/core/source-document.js";
import { ControlPlane } from "../../src/runtime/control-plane.js";
import { XdsCache } from "../../src/xds/cache.js";
import { createLogger } from "../../src/util/logger.js";
import type { Snapshot } from "../../src/xds/snapshot.js";
import { mappingDoc, syntheticFiles, type ServiceOf } from "../manifests.js";

export interface LoadedControlPlane {
  readonly cache: XdsCache;
  readonly controlPlane: ControlPlane;
  /** The latest published snapshot. */
  current(): Snapshot;
  /** Edits Mapping `i` (new timeout `variant`) and applies; ms until the new snapshot was published. */
  editMapping(i: number, variant: number): number;
  /** CPU time (user + system, all threads, ms) the last editMapping used: less sensitive than wall time to a busy machine. */
  lastEditCpuMs(): number;
  /** ms the cold apply took. */
  readonly coldMs: number;
}

export function loadControlPlane(n: number, opts: { cache?: XdsCache; service?: ServiceOf } = {}): LoadedControlPlane {
  const cache = opts.cache ?? new XdsCache();
  const docs: SourceDocument[] = [];
  for (const [file, text] of Object.entries(syntheticFiles(n, { service: opts.service }))) {
    const parsed = parseManifestText(file, text);
    if (parsed.diagnostics.length > 0) throw new Error(`synthetic manifests do not parse: ${parsed.diagnostics[0]!.message}`);
    docs.push(...parsed.documents);
  }
  const indexOfMapping = (i: number) => docs.findIndex((d) => (d.value as { metadata?: { name?: string } }).metadata?.name === `route-${i}`);
  let published: { snapshot: Snapshot; at: number } | undefined;
  cache.watch("bench", (snapshot) => (published = { snapshot, at: performance.now() }));
  const controlPlane = new ControlPlane(cache, { ambassadorId: "default", defaultNamespace: "default" }, createLogger({ level: "error" }));
  let generation = 1;
  let lastCpuMs = 0;
  /** Applies the documents; returns when the new snapshot was published (performance.now()). */
  const apply = (): number => {
    const before = published?.snapshot.serial ?? 0;
    controlPlane.apply(snapshotOf(generation++, docs));
    if (!published || published.snapshot.serial === before) throw new Error("the control plane published no new snapshot");
    return published.at;
  };
  const coldStart = performance.now();
  const coldMs = apply() - coldStart;
  const errors = controlPlane.status().diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`synthetic manifests have errors: ${errors[0]!.message}`);
  return {
    cache,
    controlPlane,
    coldMs,
    current: () => published!.snapshot,
    lastEditCpuMs: () => lastCpuMs,
    editMapping: (i, variant) => {
      const at = indexOfMapping(i);
      const old = docs[at];
      if (!old) throw new Error(`no Mapping route-${i}`);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      // The edit includes reading the changed document, as the directory source does.
      const [edited] = parseManifestText(old.location.file, mappingDoc(i, variant, opts.service)).documents;
      docs[at] = { ...edited!, location: old.location };
      const ms = apply() - t0;
      const cpu = process.cpuUsage(cpu0);
      lastCpuMs = (cpu.user + cpu.system) / 1000;
      return ms;
    },
  };
}

function snapshotOf(generation: number, docs: readonly SourceDocument[]): SourceSnapshot {
  return { generation, documents: [...docs], diagnostics: [] };
}
