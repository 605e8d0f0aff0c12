import assert from "node:assert/strict";
import { test } from "node:test";
import { formatServiceRef, isServiceRefError, parseServiceRef } from "../../../src/resources/service-ref.js";
import type { ServiceRef } from "../../../src/resources/types.js";

const valid: [string, ServiceRef][] = [
  ["quote", { host: "quote" }],
  ["quote:8080", { host: "quote", port: 8080 }],
  ["quote.prod", { host: "quote", namespace: "prod" }],
  ["quote.prod:80", { host: "quote", namespace: "prod", port: 80 }],
  ["http://quote", { scheme: "http", host: "quote" }],
  ["https://quote.prod:8443", { scheme: "https", host: "quote", namespace: "prod", port: 8443 }],
  ["HTTPS://quote", { scheme: "https", host: "quote" }],
  ["api.example.com", { host: "api.example.com" }],
  ["quote.prod.svc.cluster.local:80", { host: "quote.prod.svc.cluster.local", port: 80 }],
  ["127.0.0.1:9000", { host: "127.0.0.1", port: 9000 }],
  ["10.1.2.3", { host: "10.1.2.3" }],
  ["[::1]:8080", { host: "::1", port: 8080 }],
  ["https://[2001:db8::1]", { scheme: "https", host: "2001:db8::1" }],
  ["quote:1", { host: "quote", port: 1 }],
  ["quote:65535", { host: "quote", port: 65535 }],
];

const invalid: [string, RegExp][] = [
  ["", /must not be empty/],
  ["grpc://quote", /unsupported scheme "grpc"/],
  ["quote:0", /port "0"/],
  ["quote:65536", /port "65536"/],
  ["quote:http", /port "http"/],
  ["quote:", /port ""/],
  ["::1", /brackets/],
  ["[::1", /missing "]"/],
  ["[::1]x", /unexpected "x"/],
  ["[not-ip]:80", /not a valid IPv6/],
  ["quote/path", /no path/],
  ["http://quote/api", /no path/],
  ["user@quote", /no path/],
  ["quo te", /no path/],
  ["-quote", /not a valid DNS name/],
  ["quote..prod", /not a valid DNS name/],
  ["999.1.1.1", /not a valid IPv4/],
  [":8080", /host must not be empty/],
];

test("parseServiceRef accepts the documented forms", () => {
  for (const [s, want] of valid) assert.deepEqual(parseServiceRef(s), want, s);
});

test("parseServiceRef rejects malformed references with a reason", () => {
  for (const [s, want] of invalid) {
    const got = parseServiceRef(s);
    assert.ok(isServiceRefError(got), `${s} should be rejected`);
    assert.match(got.error, want, s);
  }
});

test("random valid references round-trip through formatServiceRef", () => {
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const label = (): string => {
    const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    const len = 1 + rand(12);
    let s = chars[rand(26)] as string;
    for (let i = 1; i < len; i++) s += chars[rand(chars.length)];
    return s;
  };
  for (let i = 0; i < 2000; i++) {
    const kind = rand(4);
    const host =
      kind === 0 ? label()
      : kind === 1 ? `${label()}.${label()}`
      : kind === 2 ? `${rand(256)}.${rand(256)}.${rand(256)}.${rand(256)}`
      : `fd00::${rand(65536).toString(16)}`;
    const ref: ServiceRef = {
      ...(rand(3) === 0 ? {} : { scheme: rand(2) === 0 ? "http" : "https" }),
      host,
      ...(kind === 1 ? { host: host.split(".")[0] as string, namespace: host.split(".")[1] } : {}),
      ...(rand(2) === 0 ? {} : { port: 1 + rand(65535) }),
    };
    const text = formatServiceRef(ref);
    assert.deepEqual(parseServiceRef(text), ref, text);
  }
});
