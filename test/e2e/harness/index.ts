// The harness moved to test/support/harness (bench/ uses it too, and must not import test/e2e).
// Kept so tests written against the old path still build; import test/support/harness instead.
export * from "../../support/harness/index.js";
