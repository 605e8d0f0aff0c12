// RE2 program size, lower bound: checked against the sizes Envoy itself reports.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { regexProgramSizeAtLeast } from "../../../src/resources/regex/regex-program-size.js";

/** [size Envoy 1.40 reported, pattern]: recorded with `envoy --mode validate` (see the live test). */
const MEASURED: [number, string][] = [
  [5, "a"],
  [6, "ab"],
  [14, "abcdefghij"],
  [9, "/api/"],
  [9, "^/api/v[0-9]+/.*$"],
  [15, "/api/v[0-9]+/.*"],
  [271, "/(aaaaaaaaaa|bbbbbbbbbb|cccccccccc|dddddddddd|eeeeeeeeee|ffffffffff|gggggggggg|hhhhhhhhhh|iiiiiiiiii|jjjjjjjjjj|kkkkkkkkkk|llllllllll|mmmmmmmmmm|nnnnnnnnnn|oooooooooo|pppppppppp|qqqqqqqqqq|rrrrrrrrrr|ssssssssss|tttttttttt|uuuuuuuuuu|vvvvvvvvvv|wwwwwwwwww|xxxxxxxxxx|yyyyyyyyyy|zzzzzzzzzz)+/.*"],
  [6, "."],
  [6, ".*"],
  [5, "[a-z]"],
  [6, "[^/]"],
  [7, "[^/]+"],
  [7, "(a)"],
  [5, "(?:a)"],
  [5, "a|b"],
  [7, "abc|abd"],
  [13, "(foo|bar|baz)"],
  [5, "a*"],
  [6, "a+"],
  [6, "a?"],
  [14, "a{10}"],
  [12, "a{2,5}"],
  [5, "\\d"],
  [7, "\\w"],
  [7, "\\s"],
  [7, "(?i)abc"],
  [11, "\\pL"],
  [24, ".{10}"],
  [14, "[a-z]{10}"],
  [8, "^/quote/(.*)$"],
  [18, "(?i)[^:]*\\.example\\.com"],
  [22, "/api/(v1|v2|v3)/users/[0-9]+"],
  [27, "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"],
  [11, "GET|HEAD"],
  [53, "^/(users|accounts|orders|payments|invoices)/[^/]+/details$"],
  [9, "(abc|abd|abe)"],
  [15, "(users|user|usage)"],
  [5, "a|b|c|d"],
  [8, "(a|b|c)+"],
  [11, "^/api/(v1|v2)/.*"],
  [4, "^abc$"],
  [6, "(?i)^/quote/.*"],
  [8, "^/(.*)$"],
  [15, "x{3}y{2,4}z{1,}"],
  [16, "(ab){3}"],
  [6, "[[:alpha:]]+"],
  [6, "^/api/v[0-9]+$"],
  [13, "(?P<id>[0-9]+)/(?P<name>[a-z]+)"],
  [26, "^/[a-z]+/[0-9]+/(edit|view|delete)$"],
  [12, "((a|b)c|d)e"],
  [13, "^(GET|POST|PUT)$"],
];

test("the estimate never exceeds the size Envoy measured, and is close for literals", () => {
  for (const [actual, pattern] of MEASURED) {
    const estimate = regexProgramSizeAtLeast(pattern);
    assert.ok(estimate <= actual, `${pattern}: estimate ${estimate} > actual ${actual}`);
    assert.ok(estimate >= 4, pattern);
  }
  const huge = MEASURED.find(([a]) => a === 271)?.[1] ?? "";
  assert.ok(regexProgramSizeAtLeast(huge) > 200, "the golden case is caught");
});

function envoyBin(): string {
  if (process.env.ENVOY_BIN) return process.env.ENVOY_BIN;
  return execFileSync("sh", ["scripts/ensure-envoy.sh"], { encoding: "utf8" }).trim().split("\n").pop() as string;
}

/** The program size Envoy reports for `pattern` (its error names it when the limit is 1). */
function envoySize(envoy: string, dir: string, pattern: string): number {
  const hcm = {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    stat_prefix: "x",
    http_filters: [{ name: "router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
    route_config: { virtual_hosts: [{ name: "v", domains: ["*"], routes: [{ match: { safe_regex: { regex: pattern } }, direct_response: { status: 200 } }] }] },
  };
  const config = {
    static_resources: { listeners: [{ name: "l", address: { socket_address: { address: "127.0.0.1", port_value: 0 } },
      filter_chains: [{ filters: [{ name: "hcm", typed_config: hcm }] }] }] },
    layered_runtime: { layers: [{ name: "s", static_layer: { "re2.max_program_size.error_level": 1 } }] },
  };
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(config));
  const r = spawnSync(envoy, ["--mode", "validate", "-c", file, "-l", "critical"], { encoding: "utf8" });
  const m = /program size of (\d+)/.exec(`${r.stdout}${r.stderr}`);
  assert.ok(m, `Envoy did not report a program size for ${pattern}:\n${r.stdout}${r.stderr}`);
  return Number(m[1]);
}

test("live: Envoy agrees that the estimate is a lower bound", () => {
  const envoy = envoyBin();
  const dir = mkdtempSync(join(tmpdir(), "attache-re2-"));
  for (const pattern of ["^/api/v[0-9]+/(.*)$", "(GET|POST|PUT|PATCH)", "/(alpha|beta|gamma)/[^/]+/x{3,5}"]) {
    const actual = envoySize(envoy, dir, pattern);
    const estimate = regexProgramSizeAtLeast(pattern);
    assert.ok(estimate <= actual && estimate >= actual * 0.6, `${pattern}: estimate ${estimate}, Envoy ${actual}`);
  }
});
