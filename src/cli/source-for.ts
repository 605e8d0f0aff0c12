// Which source `attache run` reads (a directory of manifests or the Kubernetes API), from its
// flags, and that source built.
import { loadKubeClient } from "../k8s/client.js";
import { createDirectorySource } from "../sources/directory/directory-source.js";
import { createKubernetesSource } from "../sources/kubernetes/source.js";
import type { Source } from "../sources/source.js";
import type { Logger } from "../util/logger.js";
import { progress } from "./progress.js";

export type SourceChoice =
  | { readonly kind: "directory"; readonly dir: string }
  | { readonly kind: "kubernetes"; readonly kubeconfig?: string; readonly namespaces: readonly string[] };

export interface SourceFlags {
  readonly "config-dir"?: string;
  readonly kubernetes?: boolean;
  readonly kubeconfig?: string;
  readonly namespace?: string;
}

/** Exactly one of --config-dir and --kubernetes; --kubeconfig and --namespace only with the latter. */
export function sourceChoiceOf(flags: SourceFlags): SourceChoice {
  const dir = flags["config-dir"];
  if (dir !== undefined && flags.kubernetes) throw new Error("--config-dir and --kubernetes exclude each other: choose one source");
  if (!flags.kubernetes) {
    if (flags.kubeconfig !== undefined || flags.namespace !== undefined) throw new Error("--kubeconfig and --namespace need --kubernetes");
    if (!dir) throw new Error("a source is required: --config-dir DIR or --kubernetes");
    return { kind: "directory", dir };
  }
  return { kind: "kubernetes", kubeconfig: flags.kubeconfig, namespaces: namespacesOf(flags.namespace) };
}

function namespacesOf(list: string | undefined): string[] {
  if (list === undefined) return [];
  const names = list.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (names.length === 0) throw new Error("--namespace needs at least one namespace (omit it for all namespaces)");
  for (const n of names) if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n)) throw new Error(`--namespace: ${JSON.stringify(n)} is not a namespace name`);
  return [...new Set(names)].sort();
}

export async function createSource(choice: SourceChoice, log: Logger): Promise<Source> {
  if (choice.kind === "directory") return createDirectorySource(choice.dir);
  const client = await loadKubeClient({ kubeconfig: choice.kubeconfig });
  const sync = progress("first sync from Kubernetes");
  const onSyncProgress = (synced: number, total: number, objects: number) => {
    sync.update(`${synced}/${total} types listed, ${objects} objects`, true);
    if (synced === total) sync.done();
  };
  return createKubernetesSource(client, { namespaces: choice.namespaces, logger: log.child("kubernetes"), onSyncProgress });
}

/** For the startup log line. */
export function describeSource(choice: SourceChoice): Record<string, unknown> {
  if (choice.kind === "directory") return { configDir: choice.dir };
  return { kubernetes: choice.kubeconfig ?? "default credentials", namespaces: choice.namespaces.length ? choice.namespaces.join(",") : "all" };
}
