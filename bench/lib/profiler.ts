// CPU profiles of one phase of a benchmark (not its setup), through the in-process inspector;
// the file is a standard .cpuprofile that Chrome DevTools and bench/profile-summary read.
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";

/** Runs `fn`, profiling it when `file` is given. */
export async function profiled<T>(file: string | undefined, fn: () => T | Promise<T>): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
    const out = await fn();
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    return out;
  } finally {
    session.disconnect();
  }
}
