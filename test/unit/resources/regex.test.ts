import assert from "node:assert/strict";
import { test } from "node:test";
import { re2Error } from "../../../src/resources/regex/re2-binding.js";
import { checkRegex } from "../../../src/resources/regex/regex.js";
import { estimateCompileCost } from "../../../src/resources/regex/regex-compile-cost.js";
import { inCommonSubset } from "../../../src/resources/regex/regex-subset.js";

const VALID = [
  "", "^/api/v[0-9]+/.*$", "/(foo|bar)/(.*)", "(?i)/Quote", "(?P<id>[0-9]+)", "\\pL+", "\\p{Greek}",
  "[[:alpha:]]+", "\\Q.*\\E", "\\x{41}", "\\A/x\\z", "a{1000}", "[\\]]", "[]a]", "a\\-b", "\\/path",
  "^(?:GET|HEAD)$", "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "x*?y+?z??", "(?s).",
];
const INVALID = [
  "(?=x)", "(?!x)", "(?<=x)", "(?<!x)", "(a)\\1", "[", "(", "a)", "a{1001}",
  "a**", "[z-a]", "x{2,1}", "\\u0041", "(?<name>a)", "\\k<a>", "(?>a)",
];

test("valid RE2 patterns pass, JS-only and broken ones fail", () => {
  for (const p of VALID) assert.equal(checkRegex(p), undefined, p);
  for (const p of INVALID) assert.match(checkRegex(p) ?? "", /^invalid RE2 regex: /, p);
});

test("the fast path never disagrees with RE2 itself (random patterns)", () => {
  const tokens = [
    "a", "b", "/", ".", "*", "+", "?", "|", "(", ")", "(?:", "(?=", "[a-z]", "[^/]", "[", "]", "{2}",
    "{1,3}", "{,2}", "{", "}", "^", "$", "\\d", "\\w", "\\s", "\\b", "\\.", "\\-", "\\1", "\\/", "\\u0041",
    "-", "x", "[\\d-]", "[a\\]]", "\\", "\\pL", "(?i)", "{10}", "{100}", "{0,1000}", "[a-\\d]", "[\\b]",
  ];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let fast = 0;
  for (let i = 0; i < 1500; i++) {
    const p = Array.from({ length: 1 + rand(8) }, () => tokens[rand(tokens.length)]).join("");
    if (inCommonSubset(p)) fast += 1;
    assert.equal(checkRegex(p) === undefined, re2Error(p) === undefined, `pattern ${JSON.stringify(p)}`);
  }
  assert.ok(fast > 300, `the fast path should see many patterns (saw ${fast})`);
});

test("compile-cost estimate keeps pathological patterns away from RE2", () => {
  assert.ok(estimateCompileCost("^/api/v[0-9]+/(.*)$", 2000) < 100);
  assert.ok(estimateCompileCost("\\pL{1000}", 2000) > 2000);
  assert.ok(estimateCompileCost("(x{1000}y{1000})".repeat(3), 2000) > 2000);
  const start = performance.now();
  assert.match(checkRegex("\\p{Han}{1000}") ?? "", /regex too complex/);
  assert.match(checkRegex("(.{900}){1}x{900}") ?? "", /regex too complex/);
  assert.match(checkRegex("(a{100}){100}") ?? "", /regex too complex/);
  assert.ok(performance.now() - start < 100, "refused without compiling");
});

test("regex length is bounded", () => {
  assert.match(checkRegex("a".repeat(4097)) ?? "", /regex too long \(4097 characters, at most 4096\)/);
});

test("RE2 running out of its WASM memory is survived", () => {
  assert.equal(re2Error("(x{1000}y{1000})".repeat(200)), "pattern too large - compile failed");
  assert.equal(re2Error("^/after/(.*)$"), undefined);
  assert.match(re2Error("(?=x)") ?? "", /invalid perl operator/);
});
