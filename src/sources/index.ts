// The sources stage: where raw manifest documents come from.
export type { SourceDocument, SourceSnapshot } from "../core/source-document.js";
export type { Source } from "./source.js";
export { DEFAULT_LIMITS, type SourceLimits } from "./directory/limits.js";
export { parseManifestText, type ParsedManifest } from "./directory/manifest-parser.js";
export { readManifests } from "./directory/read-manifests.js";
export { createDirectorySource, type DirectorySourceOptions } from "./directory/directory-source.js";
