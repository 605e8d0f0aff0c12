// The Helm chart (deploy/helm/attache) against a real API server: `helm lint` is clean, the plain
// manifests are its default render (deploy/attache.yaml is not stale, the chart's CRDs are
// deploy/crds.yaml), the default and a non-default render pass a server-side dry run, the
// non-default options reach the Deployment, Service, PDB, HPA and ServiceMonitor, and its
// namespace-scoped RBAC passes the permission matrix deploy/attache.yaml passes cluster-wide.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import jsYaml from "js-yaml";
import { ATTACHE_BIN, REPO_ROOT } from "../support/harness/repo.js";
import { CLUSTER_SETUP_TIMEOUT_MS, startTestCluster, type TestCluster } from "./helpers/test-cluster.js";
import { permissionMatrix, wrongAnswers } from "./helpers/rbac-matrix.js";

const run = promisify(execFile);
const CHART = join(REPO_ROOT, "deploy/helm/attache");
/** Every option a user of Ambassador's chart reaches for, away from its default. */
const CUSTOM = [
  "replicaCount=3", "image.repository=registry.example/edge/attache", "image.tag=0.1.0-rc1", "image.pullPolicy=Always",
  "resources.requests.cpu=500m", "resources.limits.memory=1Gi",
  "service.type=NodePort", "service.annotations.example\\.com/owner=edge-team", "service.ports.http=8000",
  "ports.http=8081", "ports.health=8878", "ambassadorId=blue", "watchNamespaces={team-a,team-b}",
  "extraArgs={--log-level,debug}", "podSecurityContext.fsGroup=10001", "readinessProbe.periodSeconds=5",
  "podDisruptionBudget.minAvailable=1", "autoscaling.enabled=true", "autoscaling.maxReplicas=7",
  "metrics.serviceMonitor.enabled=true", "drainTimeSeconds=8", "shutdownGraceSeconds=40", "terminationGracePeriodSeconds=50",
];
const SA = "system:serviceaccount:gateway:edge-attache";

let helm = "";
let cluster: TestCluster;
type Doc = Record<string, any>;

async function helmOut(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(helm, args, { encoding: "utf8", maxBuffer: 64 << 20 });
}

const template = async (release: string, ns: string, sets: readonly string[]) =>
  (await helmOut(["template", release, CHART, "--namespace", ns, ...sets.flatMap((s) => ["--set", s])])).stdout;
const docsOf = (yaml: string) => (jsYaml.loadAll(yaml) as Doc[]).filter(Boolean);
const find = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);

describe("Helm chart deploy/helm/attache", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    helm = (await run("bash", [join(REPO_ROOT, "tools/helm/build.sh")], { encoding: "utf8" })).stdout.trim();
    cluster = await startTestCluster(`helm-${process.pid}`);
  });
  after(async () => cluster?.stop());

  it("helm lint is clean with default and with non-default values", async () => {
    for (const sets of [[], CUSTOM]) {
      const { stdout, stderr } = await helmOut(["lint", CHART, "--strict", ...sets.flatMap((s) => ["--set", s])]);
      assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
      assert.doesNotMatch(stdout + stderr, /\[(WARNING|ERROR)\]/, stdout + stderr);
    }
  });

  it("deploy/attache.yaml is the chart's default render, and the chart's CRDs are deploy/crds.yaml", async () => {
    const rendered = (await run("sh", [join(REPO_ROOT, "scripts/render-deploy.sh")], { encoding: "utf8", env: { ...process.env, HELM: helm } })).stdout;
    assert.ok(rendered === readFileSync(join(REPO_ROOT, "deploy/attache.yaml"), "utf8"), "deploy/attache.yaml is stale: run `npm run deploy:update`");
    assert.ok(readFileSync(join(CHART, "crds/crds.yaml"), "utf8") === readFileSync(join(REPO_ROOT, "deploy/crds.yaml"), "utf8"), "chart CRDs differ from deploy/crds.yaml: run `npm run crds:update`");
  });

  it("the default render passes a server-side dry run", async () => {
    await cluster.kubectl(["apply", "--server-side", "-f", join(CHART, "crds/crds.yaml")]);
    await cluster.kubectl(["create", "namespace", "attache"]);
    const out = await cluster.kubectl(["apply", "--dry-run=server", "-f", "-"], await template("attache", "attache", []));
    for (const obj of ["serviceaccount/attache", "clusterrole.rbac.authorization.k8s.io/attache", "deployment.apps/attache", "service/attache", "poddisruptionbudget.policy/attache"]) {
      assert.match(out, new RegExp(`${obj.replace(/\./g, "\\.")} (created|configured) \\(server dry run\\)`), out);
    }
    assert.doesNotMatch(out, /horizontalpodautoscaler|servicemonitor/, "HPA and ServiceMonitor are off by default");
  });

  it("a non-default render passes a server-side dry run and carries every option", async () => {
    // The Prometheus Operator's CRD, as a stand-in with an open schema, so a ServiceMonitor can be judged.
    await cluster.apply(serviceMonitorCrd());
    await cluster.kubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd/servicemonitors.monitoring.coreos.com"]);
    for (const ns of ["gateway", "team-a", "team-b", "other"]) await cluster.kubectl(["create", "namespace", ns]);
    const yaml = await template("edge", "gateway", CUSTOM);
    const out = await cluster.kubectl(["apply", "--dry-run=server", "-f", "-"], yaml);
    for (const obj of ["horizontalpodautoscaler.autoscaling/edge-attache", "servicemonitor.monitoring.coreos.com/edge-attache", "rolebinding.rbac.authorization.k8s.io/edge-attache"]) {
      assert.match(out, new RegExp(`${obj.replace(/\./g, "\\.")} created \\(server dry run\\)`), out);
    }
    const docs = docsOf(yaml);
    const deployment = find(docs, "Deployment")[0]!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    assert.equal(deployment.spec.replicas, undefined, "the HPA owns replicas");
    assert.equal(container.image, "registry.example/edge/attache:0.1.0-rc1");
    assert.equal(container.imagePullPolicy, "Always");
    assert.deepEqual(container.resources, { requests: { cpu: "500m", memory: "256Mi" }, limits: { memory: "1Gi" } });
    assert.equal(pod.securityContext.fsGroup, 10001);
    assert.equal(pod.terminationGracePeriodSeconds, 50);
    assert.equal(container.readinessProbe.periodSeconds, 5);
    assert.deepEqual(container.ports.map((p: Doc) => p.containerPort), [8081, 8443, 8878]);
    const args: string[] = container.args;
    for (const [flag, value] of [["--health-port", "8878"], ["--listener-port", "8081"], ["--ambassador-id", "blue"], ["--namespace", "team-a,team-b"], ["--log-level", "debug"], ["--drain-time-s", "8"], ["--shutdown-grace-s", "40"]]) {
      assert.equal(args[args.indexOf(flag!) + 1], value, `${flag} ${value} in ${args.join(" ")}`);
    }
    // attache's option parser is strict: the rendered command is one it accepts.
    const help = await run(process.execPath, [ATTACHE_BIN, "run", ...args, "--help"], { encoding: "utf8" });
    assert.match(help.stdout, /usage: attache run/);
    const service = find(docs, "Service").find((s) => s.metadata.name === "edge-attache")!;
    assert.equal(service.spec.type, "NodePort");
    assert.equal(service.metadata.annotations["example.com/owner"], "edge-team");
    assert.equal(service.spec.ports[0].port, 8000);
    assert.deepEqual(find(docs, "PodDisruptionBudget")[0]!.spec.minAvailable, 1);
    assert.equal(find(docs, "HorizontalPodAutoscaler")[0]!.spec.maxReplicas, 7);
    assert.equal(find(docs, "ServiceMonitor")[0]!.spec.endpoints[0].path, "/metrics");
  });

  it("with watched namespaces, the rendered RBAC passes the permission matrix in those namespaces only", async () => {
    const rbacKinds = new Set(["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]);
    const rbac = docsOf(await template("edge", "gateway", CUSTOM)).filter((d) => rbacKinds.has(d.kind));
    await cluster.apply(...rbac);
    const checks = permissionMatrix({ watched: ["team-a", "team-b"], sample: "other", leaseNamespace: "gateway" });
    assert.deepEqual(await wrongAnswers(cluster.kubectl, SA, checks), [], "unexpected answers for the chart's ServiceAccount");
  });

  it("the default render's RBAC, applied, passes the cluster-wide permission matrix", async () => {
    const rbacKinds = new Set(["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]);
    const rbac = docsOf(await template("attache", "attache", [])).filter((d) => rbacKinds.has(d.kind));
    await cluster.apply(...rbac);
    const checks = permissionMatrix({ watched: "all", sample: "other", leaseNamespace: "attache" });
    assert.deepEqual(await wrongAnswers(cluster.kubectl, "system:serviceaccount:attache:attache", checks), []);
  });
});

function serviceMonitorCrd(): Doc {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "servicemonitors.monitoring.coreos.com" },
    spec: {
      group: "monitoring.coreos.com",
      scope: "Namespaced",
      names: { kind: "ServiceMonitor", plural: "servicemonitors", singular: "servicemonitor", listKind: "ServiceMonitorList" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  };
}
