// `attache <command>`: dispatches to the command modules; each returns its exit code.
import { crdsCommand } from "./crds.js";
import { runCommand } from "./run.js";
import { translateCommand } from "./translate.js";
import { validateCommand } from "./validate.js";

const USAGE = `usage:
  attache run --config-dir DIR [options]     serve DIR's manifests through a supervised Envoy
  attache translate PATH... [-o json|yaml]   print the Envoy config built from manifests
  attache validate PATH...                   report invalid resources (exit 1 if any)
  attache crds [-o yaml|json]                print the CustomResourceDefinitions (deploy/crds.yaml)
Run \`attache run --help\` for the run options.
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  crds: crdsCommand,
  run: runCommand,
  translate: translateCommand,
  validate: validateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== "help" && name !== "--help" ? `unknown command: ${name}\n${USAGE}` : USAGE);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // Exit now: servers already started (ADS, health) would keep a process that cannot serve alive.
    process.stderr.write(`attache: ${err instanceof Error ? err.message : String(err)}\n`, () => process.exit(2));
  },
);
