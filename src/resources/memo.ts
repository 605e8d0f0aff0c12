// What the resources stage remembers between builds: per source document, the resources found
// in it and their validation. Documents are immutable and a source hands over the same object
// for an unchanged file, so a change to one file revalidates only that file's resources; the
// cross-resource rules (duplicates, one Module, one Listener per port) still see everything.
import type { SourceDocument } from "../core/source-document.js";
import type { Named } from "./candidate.js";
import type { CheckResult } from "./checks/check-result.js";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Resource } from "./types.js";

interface Found {
  readonly named: readonly Named[];
  readonly diagnostics: readonly Diagnostic[];
}

export class ResourceMemo {
  private readonly documents = new WeakMap<SourceDocument, Found>();
  private readonly validations = new WeakMap<Named, { regexMaxSize: number; result: CheckResult<Resource> }>();

  /** The named resources in `doc` (with their metadata and document-level diagnostics). */
  found(doc: SourceDocument, find: () => Found): Found {
    let hit = this.documents.get(doc);
    if (!hit) {
      hit = find();
      this.documents.set(doc, hit);
    }
    return hit;
  }

  /** Validation depends on the resource and on the Module's regex_max_size, nothing else. */
  validated(n: Named, regexMaxSize: number, validate: () => CheckResult<Resource>): CheckResult<Resource> {
    const hit = this.validations.get(n);
    if (hit && hit.regexMaxSize === regexMaxSize) return hit.result;
    const result = validate();
    this.validations.set(n, { regexMaxSize, result });
    return result;
  }
}

