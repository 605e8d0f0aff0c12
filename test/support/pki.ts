// Test certificates made at test time with the real openssl (never checked-in keys): a CA per
// call, leaf certificates with chosen names and validity dates, revocation and CRLs. `openssl
// ca` is used because it takes fixed dates, so expiry diagnostics are the same on every run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface Leaf extends KeyPair {
  readonly file: string;
}

export interface IssueOptions {
  readonly cn: string;
  /** DNS names; default [cn]. */
  readonly dns?: readonly string[];
  /** `YYYYMMDDHHMMSSZ`; default 2020-01-01 to 2099-12-31. */
  readonly start?: string;
  readonly end?: string;
  readonly keyType?: "ec" | "rsa";
  /** Client certificate (clientAuth) rather than server. */
  readonly client?: boolean;
}

export class TestCa {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  private serial = 0;

  constructor(readonly name: string, keyType: "ec" | "rsa" = "ec") {
    this.dir = mkdtempSync(join(tmpdir(), `attache-pki-${name.replace(/[^a-z0-9]/gi, "")}-`));
    writeFileSync(join(this.dir, "index.txt"), "");
    writeFileSync(join(this.dir, "index.txt.attr"), "unique_subject = no\n");
    writeFileSync(join(this.dir, "serial"), "1000\n");
    writeFileSync(join(this.dir, "crlnumber"), "1000\n");
    writeFileSync(join(this.dir, "ca.cnf"), caConfig(this.dir));
    openssl(["req", "-x509", "-new", ...newKey(keyType), "-nodes", "-keyout", join(this.dir, "ca.key"), "-out", join(this.dir, "ca.crt"),
      "-subj", `/CN=${name}`, "-days", "36500", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    this.cert = readFileSync(join(this.dir, "ca.crt"), "utf8");
    this.key = readFileSync(join(this.dir, "ca.key"), "utf8");
  }

  issue(o: IssueOptions): Leaf {
    const base = join(this.dir, `leaf-${++this.serial}`);
    openssl(["req", "-new", ...newKey(o.keyType ?? "ec"), "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${o.cn}`]);
    const dns = (o.dns ?? [o.cn]).map((d) => `DNS:${d}`).join(",");
    writeFileSync(`${base}.ext`, [
      "basicConstraints=CA:FALSE",
      `extendedKeyUsage=${o.client ? "clientAuth" : "serverAuth"}`,
      ...(dns ? [`subjectAltName=${dns}`] : []),
      "",
    ].join("\n"));
    openssl(["ca", "-batch", "-notext", "-config", join(this.dir, "ca.cnf"), "-in", `${base}.csr`, "-out", `${base}.crt`,
      "-startdate", o.start ?? "20200101000000Z", "-enddate", o.end ?? "20991231235959Z", "-extfile", `${base}.ext`]);
    return { cert: readFileSync(`${base}.crt`, "utf8"), key: readFileSync(`${base}.key`, "utf8"), file: `${base}.crt` };
  }

  revoke(leaf: Leaf): void {
    openssl(["ca", "-config", join(this.dir, "ca.cnf"), "-revoke", leaf.file]);
  }

  /** The current CRL (revoked certificates so far), valid for 30 days. */
  crl(): string {
    const out = join(this.dir, "crl.pem");
    openssl(["ca", "-config", join(this.dir, "ca.cnf"), "-gencrl", "-crldays", "30", "-out", out]);
    return readFileSync(out, "utf8");
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function newKey(type: "ec" | "rsa"): string[] {
  return type === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function caConfig(dir: string): string {
  return `[ca]
default_ca = CA_default
[CA_default]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
certificate = ${dir}/ca.crt
private_key = ${dir}/ca.key
default_md = sha256
default_crl_days = 30
policy = policy_any
unique_subject = no
[policy_any]
commonName = supplied
[req]
distinguished_name = dn
[dn]
`;
}

/** A core/v1 Secret manifest (YAML) holding `data` as base64. */
export function secretYaml(name: string, namespace: string, type: string, data: Readonly<Record<string, string>>): string {
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${Buffer.from(v).toString("base64")}`);
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ntype: ${type}\ndata:\n${lines.join("\n")}\n`;
}

/** A kubernetes.io/tls Secret manifest. */
export function tlsSecretYaml(name: string, namespace: string, pair: KeyPair, extra: Readonly<Record<string, string>> = {}): string {
  return secretYaml(name, namespace, "kubernetes.io/tls", { "tls.crt": pair.cert, "tls.key": pair.key, ...extra });
}
