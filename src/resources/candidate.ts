// A Candidate is one resource found in the input, recognised by kind but not validated yet.
import type { ResourceRef, SourceLocation } from "../core/diagnostics.js";
import type { KindName } from "./schemas/index.js";

export interface Origin {
  readonly location: SourceLocation;
  /** The document's text, for pinning a field to its line (absent when no text is known). */
  readonly text?: string;
  /** Where `text` starts when that is not `location` (a document inside an annotation). */
  readonly textLocation?: SourceLocation;
  /** Set for resources expanded from a Service's `getambassador.io/config` annotation. */
  readonly viaAnnotationOf?: ResourceRef;
  /** Set for Mappings generated from an Ingress. */
  readonly generatedFrom?: ResourceRef;
  /** The text is in flat annotation form: spec fields and `name` at the top level. */
  readonly flat?: boolean;
}

export interface Candidate {
  readonly kind: KindName;
  readonly apiVersion: string;
  readonly metadata: unknown;
  readonly spec: unknown;
  readonly origin: Origin;
  /** Top-level keys other than apiVersion, kind, metadata, spec, status (likely typos). */
  readonly strayKeys?: readonly string[];
  /** Notes about the document as a whole (e.g. a deprecated apiVersion). */
  readonly note?: string;
}

/** A Candidate whose metadata was read successfully. */
export interface Named extends Candidate {
  readonly ref: ResourceRef;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly generation?: number;
}
