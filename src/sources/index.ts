// The sources stage: where raw manifest documents come from.
export type { Source, SourceDocument, SourceSnapshot } from "./types.js";
export { DEFAULT_LIMITS, type SourceLimits } from "./limits.js";
export { parseManifestText, type ParsedManifest } from "./manifest-parser.js";
export { readManifests } from "./read-manifests.js";
export { createDirectorySource, type DirectorySourceOptions } from "./directory-source.js";
