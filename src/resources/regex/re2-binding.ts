// The RE2 library compiled to WASM (re2-wasm), used as the authority on RE2 syntax.
// Its heap is fixed at 16 MiB: a pattern that exhausts it aborts the instance, so the binding
// is then loaded afresh and the pattern reported as too complex.
import { createRequire } from "node:module";

interface WrappedRE2 {
  ok(): boolean;
  error(): string;
  delete(): void;
}
type WrappedRE2Ctor = new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => WrappedRE2;

// The raw binding takes RE2 syntax as is; the package's RE2 class would first translate from
// JS syntax and never frees its WASM objects.
const require = createRequire(import.meta.url);
const MODULE = require.resolve("re2-wasm/build/wasm/re2.js");

let ctor: WrappedRE2Ctor | undefined;

function load(): WrappedRE2Ctor {
  // cast: the untyped generated WASM glue; WrappedRE2Ctor above declares the part used.
  ctor ??= (require(MODULE) as { WrappedRE2: WrappedRE2Ctor }).WrappedRE2;
  return ctor;
}

/** Undefined when RE2 accepts the pattern, else RE2's reason. */
export function re2Error(pattern: string): string | undefined {
  const RE2 = load();
  let re: WrappedRE2 | undefined;
  try {
    re = new RE2(pattern, false, false, false);
    return re.ok() ? undefined : re.error();
  } catch {
    // The instance aborted (out of memory): start a fresh one for the next pattern.
    re = undefined;
    ctor = undefined;
    delete require.cache[MODULE];
    return "pattern too large - compile failed";
  } finally {
    re?.delete();
  }
}
