// Golden cases with certificates: `certs.json` says which CAs, leaf certificates and CRLs to
// make (with openssl, at test time: no private key is ever checked in). Inputs name them as
// `{{b64:NAME.crt}}` / `{{b64:NAME.key}}` / `{{b64:CA.crl}}`; expected.json holds `<NAME.crt>`
// etc. in their place, so it stays the same from run to run, and the Envoy check puts fresh
// material back before validating.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TestCa, type IssueOptions } from "../../support/pki.js";
import type { GoldenCase } from "./cases.js";

interface CertsFile {
  readonly cas: readonly string[];
  readonly certs?: Readonly<Record<string, IssueOptions & { readonly ca: string }>>;
  /** CA name -> names of its certificates to revoke; the CA's CRL is `CA.crl`. */
  readonly crls?: Readonly<Record<string, readonly string[]>>;
}

export interface CaseMaterial {
  /** The inputs with the placeholders filled in (in a temporary copy of the case). */
  readonly inputs: readonly string[];
  readonly dir: string;
  /** PEM texts back to `<NAME.kind>` placeholders, inside printed (JSON-escaped) config. */
  toPlaceholders(printed: string): string;
  fromPlaceholders(printed: string): string;
}

const made = new Map<string, CaseMaterial>();

/** The case as it runs: itself, or a filled-in copy when it has certs.json. */
export function materialize(c: GoldenCase): CaseMaterial {
  const file = join(c.dir, "certs.json");
  if (!existsSync(file)) return { inputs: c.inputs, dir: c.dir, toPlaceholders: (s) => s, fromPlaceholders: (s) => s };
  let m = made.get(c.dir);
  if (!m) made.set(c.dir, (m = build(c, JSON.parse(readFileSync(file, "utf8")) as CertsFile)));
  return m;
}

function build(c: GoldenCase, spec: CertsFile): CaseMaterial {
  const pems = new Map<string, string>();
  const cas = new Map(spec.cas.map((name) => [name, new TestCa(name)]));
  for (const [name, ca] of cas) pems.set(`${name}.crt`, ca.cert);
  const leaves = new Map<string, ReturnType<TestCa["issue"]>>();
  for (const [name, o] of Object.entries(spec.certs ?? {})) {
    const ca = cas.get(o.ca);
    if (!ca) throw new Error(`${c.name}/certs.json: ${name} names unknown CA ${o.ca}`);
    const leaf = ca.issue(o);
    leaves.set(name, leaf);
    pems.set(`${name}.crt`, leaf.cert);
    pems.set(`${name}.key`, leaf.key);
  }
  for (const [caName, revoked] of Object.entries(spec.crls ?? {})) {
    const ca = cas.get(caName);
    if (!ca) throw new Error(`${c.name}/certs.json: CRL of unknown CA ${caName}`);
    for (const r of revoked) ca.revoke(leaves.get(r) ?? fail(`${c.name}/certs.json: cannot revoke unknown ${r}`));
    pems.set(`${caName}.crl`, ca.crl());
  }
  for (const ca of cas.values()) ca.cleanup();
  const dir = mkdtempSync(join(tmpdir(), `attache-golden-${c.name}-`));
  mkdirSync(join(dir, "input"));
  const inputs = c.inputs.map((path) => {
    const text = readFileSync(path, "utf8").replace(/\{\{b64:([^}]+)\}\}/g, (_, key: string) =>
      Buffer.from(pems.get(key) ?? fail(`${c.name}: no material named ${key}`)).toString("base64"));
    const out = join(dir, "input", basename(path));
    writeFileSync(out, text);
    return out;
  });
  const escaped = [...pems.entries()].map(([k, v]) => [k, JSON.stringify(v).slice(1, -1)] as const);
  return {
    inputs,
    dir,
    toPlaceholders: (s) => escaped.reduce((acc, [k, v]) => acc.split(v).join(`<${k}>`), s),
    fromPlaceholders: (s) => escaped.reduce((acc, [k, v]) => acc.split(`<${k}>`).join(v), s),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
