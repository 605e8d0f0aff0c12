// A per-test-file Kubernetes cluster (real etcd + kube-apiserver from test/support/kube-cluster)
// with a kubectl bound to it, and the getambassador.io CRDs from deploy/crds.yaml.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killClusterOnProcessEnd, restartApiserver, startCluster, stopApiserver, stopCluster, type ClusterState } from "../../support/kube-cluster.js";
import { REPO_ROOT } from "../../support/harness/repo.js";
import { isPlainObject } from "../../../src/resources/values.js";
import { parseManifestText } from "../../../src/sources/index.js";

export interface TestCluster {
  readonly state: ClusterState;
  readonly kubeconfig: string;
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** `kubectl apply` of objects given as values. */
  apply(...objects: readonly unknown[]): Promise<void>;
  stopApiserver(): Promise<void>;
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

/** First run may build the binaries (minutes); a cached start takes seconds. */
export const CLUSTER_SETUP_TIMEOUT_MS = 20 * 60_000;

export async function startTestCluster(name: string): Promise<TestCluster> {
  const forget = killClusterOnProcessEnd(name);
  const state = await startCluster(name);
  const kubectl = (args: readonly string[], input?: string) => runKubectl(state, args, input);
  return {
    state,
    kubeconfig: state.kubeconfig,
    kubectl,
    apply: async (...objects) => void (await kubectl(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n---\n"))),
    stopApiserver: () => stopApiserver(name),
    restartApiserver: async () => void (await restartApiserver(name)),
    stop: async () => {
      await stopCluster(name);
      forget();
    },
  };
}

function runKubectl(state: ClusterState, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(state.kubectl, ["--kubeconfig", state.kubeconfig, ...args], { encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(" ")}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(input ?? "");
  });
}

/** Installs deploy/crds.yaml (only the kinds in `only`, or all but those in `except`, by plural) and waits until they are served. */
export async function installAmbassadorCrds(cluster: TestCluster, which: { only?: readonly string[]; except?: readonly string[] } = {}): Promise<string[]> {
  const file = join(REPO_ROOT, "deploy", "crds.yaml");
  // Read with the sources stage's parser: each document's value, and its own text to apply.
  const parsed = parseManifestText(file, readFileSync(file, "utf8"));
  const crds = parsed.documents.flatMap((d) => {
    const v = d.value;
    const name = isPlainObject(v) && v["kind"] === "CustomResourceDefinition" && isPlainObject(v["metadata"]) ? v["metadata"]["name"] : undefined;
    return typeof name === "string" ? [{ name, text: d.text }] : [];
  });
  const named = (plurals: readonly string[], name: string) => plurals.some((plural) => name === `${plural}.getambassador.io`);
  const keep = crds.filter((c) => (which.only ? named(which.only, c.name) : !named(which.except ?? [], c.name)));
  const names = keep.map((c) => c.name);
  if (names.length === 0) throw new Error("no CRDs found in deploy/crds.yaml");
  await cluster.kubectl(["apply", "--server-side", "-f", "-"], keep.map((c) => c.text).join("\n---\n"));
  await cluster.kubectl(["wait", "--for=condition=Established", "--timeout=60s", ...names.map((n) => `crd/${n}`)]);
  return names;
}

/**
 * A kubeconfig for an ordinary user (a client cert from the cluster's test CA, not system:masters),
 * so RBAC applies: bind it to a ClusterRole to give it exactly the access a test needs.
 */
export function userKubeconfig(cluster: TestCluster, user: string): string {
  const certs = join(cluster.state.stateDir, "certs");
  // Inside the cluster's state dir: removed with the cluster.
  const dir = mkdtempSync(join(cluster.state.stateDir, `user-${user}-`));
  const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "user.key", "-out", "user.csr", "-subj", `/CN=${user}`]);
  openssl(["x509", "-req", "-in", "user.csr", "-CA", join(certs, "ca.crt"), "-CAkey", join(certs, "ca.key"), "-CAcreateserial", "-CAserial", join(dir, "ca.srl"), "-days", "1", "-out", "user.crt"]);
  const b64 = (file: string) => readFileSync(file).toString("base64");
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": user,
    clusters: [{ name: "test", cluster: { server: cluster.state.server, "certificate-authority-data": b64(join(certs, "ca.crt")) } }],
    users: [{ name: user, user: { "client-certificate-data": b64(join(dir, "user.crt")), "client-key-data": b64(join(dir, "user.key")) } }],
    contexts: [{ name: user, context: { cluster: "test", user } }],
  }), { mode: 0o600 });
  return kubeconfig;
}
