// docs/fields.md cannot drift from the code: its field lists are the schemas' (every field has
// exactly one row, no row names a field that does not exist), and for Mapping and the Module a
// "not supported" row is exactly a field attache warns about as not acted on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hostSchema } from "../../../src/resources/schemas/host.js";
import { listenerSchema } from "../../../src/resources/schemas/listener.js";
import { mappingSchema } from "../../../src/resources/schemas/mapping.js";
import { moduleSchema } from "../../../src/resources/schemas/module.js";
import type { StructuralSchema } from "../../../src/resources/schemas/schema-type.js";
import { tcpMappingSchema } from "../../../src/resources/schemas/tcp-mapping.js";
import { tlsContextSchema } from "../../../src/resources/schemas/tls-context.js";
import { NOT_ACTED_ON } from "../../../src/resources/unsupported-fields.js";

const DOC = readFileSync(join(process.cwd(), "docs/fields.md"), "utf8");
const STATES = new Set(["supported", "partial", "not supported"]);

/** Module fields another issue owns, refused there with an error rather than warned about here. */
const REFUSED_ELSEWHERE = new Set(["ip_allow", "ip_deny"]);

const fieldsOf = (s: StructuralSchema | undefined): string[] => Object.keys(s?.properties ?? {}).sort();

const SECTIONS: Record<string, string[]> = {
  "Mapping": fieldsOf(mappingSchema),
  "Module (`spec.config`)": fieldsOf(moduleSchema.properties?.["config"]),
  "Module (`spec`)": fieldsOf(moduleSchema),
  "Host": fieldsOf(hostSchema),
  "Listener": fieldsOf(listenerSchema),
  "TLSContext": fieldsOf(tlsContextSchema),
  "TCPMapping": fieldsOf(tcpMappingSchema),
};

/** Section title -> field -> state, from the markdown tables. */
function rows(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const line of DOC.split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) out.set(heading[1] ?? "", (section = new Map()));
    const row = /^\| `([^`]+)` \| ([^|]+?) \|/.exec(line);
    if (row && section) {
      const [, field = "", state = ""] = row;
      assert.ok(!section.has(field), `docs/fields.md: ${field} has two rows`);
      assert.ok(STATES.has(state), `docs/fields.md: ${field} has state "${state}"`);
      section.set(field, state);
    }
  }
  return out;
}

test("docs/fields.md has one row for every field of every kind's schema, and none for other names", () => {
  const doc = rows();
  for (const [title, fields] of Object.entries(SECTIONS)) {
    const table = doc.get(title);
    assert.ok(table, `docs/fields.md has no section "## ${title}"`);
    assert.deepEqual(fields.filter((f) => !table.has(f)), [], `${title}: fields without a row`);
    assert.deepEqual([...table.keys()].filter((f) => !fields.includes(f)), [], `${title}: rows for fields the schema does not have`);
  }
});

test("a Mapping or Module field is 'not supported' in docs/fields.md exactly when attache warns it is not acted on", () => {
  const doc = rows();
  const check = (title: string, warned: Readonly<Record<string, string>>) => {
    const table = doc.get(title) ?? new Map<string, string>();
    const unsupported = [...table].filter(([f, s]) => s === "not supported" && !REFUSED_ELSEWHERE.has(f)).map(([f]) => f).sort();
    assert.deepEqual(unsupported, Object.keys(warned).sort(), `${title}: "not supported" rows vs resources/unsupported-fields.ts`);
  };
  check("Mapping", NOT_ACTED_ON.Mapping ?? {});
  check("Module (`spec.config`)", NOT_ACTED_ON.Module ?? {});
});
