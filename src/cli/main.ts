// `attache <command>`: dispatches to the command modules; each returns its exit code.
import { readFileSync } from "node:fs";
import { crdsCommand } from "./crds.js";
import { diagCommand } from "./diag.js";
import { runCommand } from "./run.js";
import { translateCommand } from "./translate.js";
import { validateCommand } from "./validate.js";

const USAGE = `usage:
  attache run --config-dir DIR [options]     serve DIR's manifests through a supervised Envoy
  attache translate PATH... [-o json|yaml]   print the Envoy config built from manifests
  attache translate --diff OLD NEW [-o text|json]
                                             what Envoy would see change between two manifest sets
  attache validate PATH... [--format text|github]
                                             report invalid resources (exit 1 if any)
  attache crds [-o yaml|json]                print the CustomResourceDefinitions (deploy/crds.yaml)
  attache diag [URL]                         summary of a running instance (default http://127.0.0.1:8877)
  attache --version                          print attache's version
Run \`attache run --help\` for the run options.
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  crds: crdsCommand,
  diag: diagCommand,
  run: runCommand,
  translate: translateCommand,
  validate: validateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "version") {
    process.stdout.write(`attache ${version()}\n`);
    return 0;
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== "help" && name !== "--help" ? `unknown command: ${name}\n${USAGE}` : USAGE);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  return command(rest);
}

/** package.json beside dist/ (in the repository and in the image alike). */
function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // Exit now: servers already started (ADS, health) would keep a process that cannot serve alive.
    process.stderr.write(`attache: ${err instanceof Error ? err.message : String(err)}\n`, () => process.exit(2));
  },
);
