// Envoy runtime keys attache sets: in the bootstrap's static layer at start, and through the
// admin layer (`runtimeModify`) when a setting changes while Envoy runs.

/**
 * RE2 program size limits for Module `regex_max_size`. The warn level stays at Envoy's default
 * limit (100) so long-but-allowed regexes are still visible in Envoy's log and stats.
 */
export function regexLimitRuntime(maxSize: number): Record<string, number> {
  return { "re2.max_program_size.error_level": maxSize, "re2.max_program_size.warn_level": Math.min(100, maxSize) };
}
