// `attache translate PATH... [-o json|yaml]`: the Envoy config for a set of manifests, on stdout;
// diagnostics on stderr; exit 1 when any resource was rejected.
import { parseArgs } from "node:util";
import jsYaml from "js-yaml";
import { printConfig, withoutPrivateKeys } from "../envoy/print.js";
import { formatDiagnostic } from "../core/diagnostics.js";
import { hasErrors, translateDocuments } from "../pipeline/translate.js";
import { readManifests } from "../sources/directory/read-manifests.js";

export async function translateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o", default: "json" },
      "ambassador-id": { type: "string", default: "default" },
      "listener-port": { type: "string", default: "8080" },
      "tls-listener-port": { type: "string", default: "8443" },
      "show-private-keys": { type: "boolean" },
    },
  });
  if (positionals.length === 0) throw new Error("translate needs at least one PATH (file or directory)");
  if (values.output !== "json" && values.output !== "yaml") throw new Error(`-o must be json or yaml, not ${values.output}`);
  const snapshot = await readManifests(positionals);
  const result = translateDocuments(snapshot.documents, {
    ambassadorId: values["ambassador-id"],
    defaultListenerPort: Number(values["listener-port"]),
    defaultTlsListenerPort: Number(values["tls-listener-port"]),
  });
  const diagnostics = [...snapshot.diagnostics, ...result.diagnostics];
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  // Private keys stay out of terminals and CI logs unless asked for (to feed Envoy by hand).
  const json = printConfig(values["show-private-keys"] ? result.config : withoutPrivateKeys(result.config));
  process.stdout.write(values.output === "json" ? json : jsYaml.dump(JSON.parse(json), { noRefs: true, lineWidth: -1 }));
  return hasErrors(diagnostics) ? 1 : 0;
}
