// The current diagnostics of the pipeline, logged as they change: what is new and what went
// away, not the whole list on every translation.
import { formatDiagnostic, type Diagnostic } from "../core/diagnostics.js";
import type { Logger } from "../util/logger.js";

export class DiagnosticLog {
  private diagnostics: readonly Diagnostic[] = [];

  constructor(private readonly log: Logger) {}

  current(): readonly Diagnostic[] {
    return this.diagnostics;
  }

  update(next: readonly Diagnostic[]): void {
    const before = new Set(this.diagnostics.map(formatDiagnostic));
    const seen = new Set<string>();
    for (const d of next) {
      const line = formatDiagnostic(d);
      if (before.has(line) || seen.has(line)) continue;
      seen.add(line);
      if (d.severity === "error") this.log.error(line);
      else this.log.warn(line);
    }
    const after = new Set(next.map(formatDiagnostic));
    for (const line of before) if (!after.has(line)) this.log.info(`resolved: ${line}`);
    this.diagnostics = next;
  }
}
