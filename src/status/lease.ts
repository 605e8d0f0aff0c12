// Leader election with a coordination.k8s.io/v1 Lease, so that of several replicas only one
// writes status. Whether the holder's lease has expired is judged by this process's own clock,
// from when it last saw the lease record change (as client-go does): clocks of different
// machines are never compared. Every write carries the resourceVersion it was based on, so two
// candidates racing for a free lease cannot both win.
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { KubeClient } from "../k8s/client.js";
import type { Logger } from "../util/logger.js";

export interface LeaseOptions {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  /** How long a lease holds without renewal (default 10 s; written in whole seconds). */
  readonly leaseDurationMs?: number;
  /** How often the holder renews and a candidate retries (default 2 s). */
  readonly renewIntervalMs?: number;
  /** The holder steps down when it could not renew for this long (default 2/3 of the duration). */
  readonly renewDeadlineMs?: number;
  readonly log?: Logger;
}

interface LeaseObject {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** Default names: lease `attache-status[-<ambassador_id>]` in $POD_NAMESPACE, identity $POD_NAME or host+pid. */
export function defaultLeaseOptions(ambassadorId: string): LeaseOptions {
  return {
    namespace: process.env["POD_NAMESPACE"] || "attache",
    name: leaseName(ambassadorId),
    identity: process.env["POD_NAME"] || `${hostname()}-${process.pid}`,
  };
}

/** `attache-status`, or `attache-status-<id>` made a valid object name (ambassador_ids may hold `_` or capitals). */
export function leaseName(ambassadorId: string): string {
  if (ambassadorId === "default") return "attache-status";
  const id = ambassadorId.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 200);
  return id ? `attache-status-${id}` : "attache-status";
}

export class LeaseElector extends EventEmitter<{ change: [leader: boolean] }> {
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  /** Steps down at the renew deadline even while a renewal request hangs. */
  private deadline: NodeJS.Timeout | undefined;
  private running = false;
  private lastRenew = 0;
  /** The round in progress: stop() waits for it, or a renewal could land after the release. */
  private round: Promise<void> | undefined;
  /** The last failure logged: an API server that stays away is logged once, not every round. */
  private lastError = "";
  /** The record as last seen, and when (our clock) it last changed. */
  private observed: { key: string; at: number } | undefined;

  constructor(private readonly client: KubeClient, private readonly opts: LeaseOptions) {
    super();
  }

  isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops campaigning; with `release`, a held lease is handed back at once instead of left to expire. */
  async stop(opts: { release?: boolean } = {}): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    await this.round;
    if (this.leader && opts.release) await this.release().catch(() => {});
    this.setLeader(false);
  }

  private get durationMs(): number {
    return this.opts.leaseDurationMs ?? 10_000;
  }

  private async tick(): Promise<void> {
    try {
      const ok = await this.tryAcquireOrRenew();
      this.lastError = "";
      if (ok) this.renewed();
      // `false` means someone else holds the lease (or won the race for it): not us, now.
      if (this.running) this.setLeader(ok);
    } catch (err) {
      if (String(err) !== this.lastError) this.opts.log?.warn("lease: request failed (retrying)", { lease: `${this.opts.namespace}/${this.opts.name}`, error: String(err) });
      this.lastError = String(err);
      if (this.running && this.leader && this.renewOverdue()) this.setLeader(false);
    }
    if (this.running) this.schedule(this.opts.renewIntervalMs ?? 2_000);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.round = this.tick().finally(() => (this.round = undefined));
    }, ms);
  }

  private renewed(): void {
    this.lastRenew = Date.now();
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      if (this.running && this.leader && this.renewOverdue()) this.setLeader(false);
    }, this.renewDeadlineMs() + 1);
  }

  private renewDeadlineMs(): number {
    return this.opts.renewDeadlineMs ?? (this.durationMs * 2) / 3;
  }

  private renewOverdue(): boolean {
    return Date.now() - this.lastRenew > this.renewDeadlineMs();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const path = this.leasePath();
    const got = await this.client.request("GET", path, { timeoutMs: this.requestTimeout() });
    const now = new Date();
    if (got.status === 404) return this.create(now);
    if (got.status !== 200) throw new Error(`GET lease: HTTP ${got.status}: ${got.body.slice(0, 200)}`);
    const lease = leaseOf(got.body);
    const spec = lease.spec ?? {};
    this.observe(lease);
    const mine = spec.holderIdentity === this.opts.identity;
    if (!mine && spec.holderIdentity && !this.expired(spec.leaseDurationSeconds)) return false;
    const next: LeaseObject = {
      metadata: lease.metadata,
      spec: {
        ...spec,
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: this.durationSeconds(),
        renewTime: microTime(now),
        acquireTime: mine ? spec.acquireTime ?? microTime(now) : microTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
    const put = await this.client.request("PUT", path, { body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", ...next }, timeoutMs: this.requestTimeout() });
    if (put.status === 409) return false; // someone else wrote first: look again next round
    if (put.status !== 200) throw new Error(`PUT lease: HTTP ${put.status}: ${put.body.slice(0, 200)}`);
    this.observe(leaseOf(put.body));
    return true;
  }

  private async create(now: Date): Promise<boolean> {
    const body = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.opts.name, namespace: this.opts.namespace },
      spec: { holderIdentity: this.opts.identity, leaseDurationSeconds: this.durationSeconds(), acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
    };
    const res = await this.client.request("POST", `/apis/coordination.k8s.io/v1/namespaces/${this.opts.namespace}/leases`, { body, timeoutMs: this.requestTimeout() });
    if (res.status === 409) return false; // created by another candidate meanwhile
    if (res.status !== 201 && res.status !== 200) throw new Error(`create lease: HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    this.observe(leaseOf(res.body));
    return true;
  }

  private async release(): Promise<void> {
    const got = await this.client.getJson<LeaseObject>(this.leasePath(), { timeoutMs: this.requestTimeout() });
    if (got.spec?.holderIdentity !== this.opts.identity) return;
    const spec = { ...got.spec, holderIdentity: "", leaseDurationSeconds: 1 };
    await this.client.request("PUT", this.leasePath(), { body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: got.metadata, spec }, timeoutMs: this.requestTimeout() });
  }

  private observe(lease: LeaseObject): void {
    const key = `${lease.spec?.holderIdentity ?? ""}|${lease.spec?.renewTime ?? ""}`;
    if (this.observed?.key !== key) this.observed = { key, at: Date.now() };
  }

  private expired(durationSeconds: number | undefined): boolean {
    const seenAt = this.observed?.at ?? Date.now();
    return Date.now() > seenAt + (durationSeconds ?? this.durationSeconds()) * 1000;
  }

  private durationSeconds(): number {
    return Math.max(1, Math.ceil(this.durationMs / 1000));
  }

  private requestTimeout(): number {
    return Math.max(1000, this.opts.renewIntervalMs ?? 2_000);
  }

  private leasePath(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/leases/${encodeURIComponent(this.opts.name)}`;
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.opts.log?.info(leader ? "lease acquired: writing status" : "lease lost: not writing status", { lease: this.opts.name, identity: this.opts.identity });
    this.emit("change", leader);
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/Z$/, "000Z");
}

function leaseOf(body: string): LeaseObject {
  // cast: the API server's answer to a Lease request is a Lease; fields are read as optional.
  return JSON.parse(body) as LeaseObject;
}
