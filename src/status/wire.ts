// `attache run --kubernetes` wiring for resource status: one call starts the lease, the writer
// and the reporter; the returned function stops them (handing the lease back).
import { loadKubeClient, type KubeClient } from "../k8s/client.js";
import type { Logger } from "../util/logger.js";
import { defaultLeaseOptions, LeaseElector, type LeaseOptions } from "./lease.js";
import { StatusReporter, type StatusSource } from "./reporter.js";
import { StatusWriter, type StatusWriterOptions } from "./writer.js";

export interface StatusWiringOptions {
  readonly ambassadorId: string;
  readonly defaultNamespace: string;
  readonly log: Logger;
  /** Defaults to the kubeconfig / in-cluster credentials `loadKubeClient` finds. */
  readonly client?: KubeClient;
  readonly kubeconfig?: string;
  readonly lease?: Partial<LeaseOptions>;
  readonly writer?: StatusWriterOptions;
  readonly intervalMs?: number;
}

export interface StatusReporting {
  readonly elector: LeaseElector;
  readonly writer: StatusWriter;
  readonly reporter: StatusReporter;
  stop(): Promise<void>;
}

export async function startStatusReporting(plane: StatusSource, opts: StatusWiringOptions): Promise<StatusReporting> {
  const client = opts.client ?? (await loadKubeClient(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}));
  const log = opts.log.child("status");
  const elector = new LeaseElector(client, { ...defaultLeaseOptions(opts.ambassadorId), log, ...opts.lease });
  const writer = new StatusWriter(client, { log, ...opts.writer });
  const reporter = new StatusReporter(plane, writer, elector, { defaultNamespace: opts.defaultNamespace, ...(opts.intervalMs ? { intervalMs: opts.intervalMs } : {}) });
  reporter.start();
  elector.start();
  return {
    elector,
    writer,
    reporter,
    async stop() {
      reporter.stop();
      writer.stop();
      await elector.stop({ release: true });
    },
  };
}

/**
 * For `attache run`: status reporting when the source is the Kubernetes API (a directory has no
 * status to write). Returns the stop function; a no-op for any other source.
 */
export async function startStatusFor(
  plane: StatusSource,
  source: { readonly kind: string; readonly kubeconfig?: string },
  opts: { readonly ambassadorId: string; readonly log: Logger; readonly onWriter?: (writer: StatusWriter) => void },
): Promise<() => Promise<void>> {
  if (source.kind !== "kubernetes") return async () => {};
  const { onWriter, ...rest } = opts;
  const reporting = await startStatusReporting(plane, { ...rest, defaultNamespace: "default", ...(source.kubeconfig ? { kubeconfig: source.kubeconfig } : {}) });
  onWriter?.(reporting.writer);
  return () => reporting.stop();
}
