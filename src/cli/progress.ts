// Progress of long work (reading and translating many manifests, the first sync from Kubernetes)
// on one self-rewriting stderr line: only when stderr is a terminal, never on a pipe or a file,
// where it would be noise in logs and in captured output.
export interface Progress {
  /** What is happening now, e.g. `read 120/400 files`; elapsed time is added. */
  update(text: string, force?: boolean): void;
  /** Clears the line. */
  done(): void;
}

interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

const QUIET: Progress = { update() {}, done() {} };
// Redrawing more often than this only costs time.
const MIN_INTERVAL_MS = 100;

export function progress(label: string, stream: ProgressStream = process.stderr, now: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return QUIET;
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(text, force = false) {
      const t = now();
      if (!force && t - last < MIN_INTERVAL_MS) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[K${label}: ${text} (${((t - started) / 1000).toFixed(1)} s)`);
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}

const STAGE_TEXT = { resources: "validating", ir: "building the IR of", envoy: "generating Envoy config for" } as const;

/** For `translate` and `validate`: the hooks that report reading files and each pipeline stage. */
export function manifestProgress(label: string, stream?: ProgressStream): {
  readonly progress: Progress;
  readonly onFile: (read: number, total: number) => void;
  readonly onStage: (stage: keyof typeof STAGE_TEXT, documents: number) => void;
} {
  const p = progress(label, stream);
  return {
    progress: p,
    onFile: (read, total) => p.update(`read ${read}/${total} files`),
    // The stages run synchronously: each line is drawn before its stage starts, whatever the throttle.
    onStage: (stage, documents) => p.update(`${STAGE_TEXT[stage]} ${documents} documents`, true),
  };
}
