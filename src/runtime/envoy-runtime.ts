// Keeps Envoy's runtime in step with the `ambassador` Module: `regex_max_size` becomes Envoy's
// RE2 program size limit. A live Envoy is told through its admin API before any config that
// needs the new limit is pushed; the bootstrap file is rewritten too, so a restarted Envoy
// starts with it.
import { runtimeModify, type AdminAddress } from "../proxy/envoy-admin.js";
import { regexLimitRuntime } from "../proxy/runtime-keys.js";
import { errorText } from "../util/errors.js";
import type { Logger } from "../util/logger.js";

export interface RuntimeTarget {
  /** The limit Envoy has, or will have once the pending change is applied. */
  current(): number;
  /** Resolves once Envoy (and its bootstrap) use `limit`; never rejects. */
  ensure(limit: number): Promise<void>;
}

export class EnvoyRuntimeSync implements RuntimeTarget {
  private applied: number;
  private pending: { limit: number; done: Promise<void> } | undefined;

  constructor(
    private readonly admin: AdminAddress,
    private readonly rewriteBootstrap: (limit: number) => Promise<void>,
    initial: number,
    private readonly log: Logger,
  ) {
    this.applied = initial;
  }

  current(): number {
    return this.pending?.limit ?? this.applied;
  }

  ensure(limit: number): Promise<void> {
    if (limit === this.current()) return this.pending?.done ?? Promise.resolve();
    const before = this.pending?.done ?? Promise.resolve();
    const done = before.then(() => this.apply(limit));
    const entry = { limit, done };
    this.pending = entry;
    void done.then(() => {
      if (this.pending === entry) this.pending = undefined;
    });
    return done;
  }

  private async apply(limit: number): Promise<void> {
    try {
      await this.rewriteBootstrap(limit);
      await runtimeModify(this.admin, regexLimitRuntime(limit));
      this.log.info("Envoy RE2 program size limit set from Module regex_max_size", { limit });
    } catch (err) {
      // Envoy may be down or restarting: the rewritten bootstrap gives the next one the limit.
      this.log.warn(`could not set Envoy's RE2 program size limit to ${limit} now: ${errorText(err)}`);
    }
    this.applied = limit;
  }
}
