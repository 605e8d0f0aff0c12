// Builds the CustomResourceDefinitions for attache's kinds (deploy/crds.yaml). Pure and
// deterministic: the committed file is checked against this output. Spec schemas come from
// the same objects the resources stage validates with, so a manifest is judged alike with or
// without a cluster.
import { CRD_KINDS, type CrdKind, type PrinterColumn } from "./crd-kinds.js";
import { statusSchema, type CrdSchema } from "./crd-status.js";
import { AMBASSADOR_V3 } from "../kinds.js";
import { documentSchema, isKindName, KIND_SCHEMAS } from "../schemas/index.js";
import type { StructuralSchema } from "../schemas/schema-type.js";

const CRD_GROUP = AMBASSADOR_V3.split("/")[0] ?? "getambassador.io";
const CRD_VERSION = AMBASSADOR_V3.split("/")[1] ?? "v3alpha1";
/** `kubectl get ambassador-crds` lists every attache resource, as with Emissary. */
const CRD_CATEGORY = "ambassador-crds";

export interface CustomResourceDefinition {
  readonly apiVersion: "apiextensions.k8s.io/v1";
  readonly kind: "CustomResourceDefinition";
  readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly spec: {
    readonly group: string;
    readonly names: {
      readonly kind: string;
      readonly listKind: string;
      readonly plural: string;
      readonly singular: string;
      readonly shortNames?: readonly string[];
      readonly categories: readonly string[];
    };
    readonly scope: "Namespaced";
    readonly versions: readonly [{
      readonly name: string;
      readonly served: true;
      readonly storage: true;
      readonly subresources: { readonly status: Record<string, never> };
      readonly additionalPrinterColumns: readonly PrinterColumn[];
      readonly schema: { readonly openAPIV3Schema: CrdSchema };
    }];
  };
}

export function pluralOf(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

export function buildCrds(): CustomResourceDefinition[] {
  return CRD_KINDS.map(buildCrd);
}

/** The spec schema a kind's CRD carries: the validated one when attache serves the kind. */
export function crdSpecSchema(k: CrdKind): StructuralSchema {
  const served = isKindName(k.kind) ? KIND_SCHEMAS[k.kind].spec : undefined;
  const spec = served ?? k.unservedSpec;
  // A programming error (a kind listed without a schema), never user input.
  if (!spec) throw new Error(`no spec schema for CRD kind ${k.kind}`);
  return spec;
}

function buildCrd(k: CrdKind): CustomResourceDefinition {
  const plural = pluralOf(k.kind);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${CRD_GROUP}`, labels: { "app.kubernetes.io/part-of": "attache" } },
    spec: {
      group: CRD_GROUP,
      names: {
        kind: k.kind,
        listKind: `${k.kind}List`,
        plural,
        singular: k.kind.toLowerCase(),
        ...(k.shortNames ? { shortNames: k.shortNames } : {}),
        categories: [CRD_CATEGORY],
      },
      scope: "Namespaced",
      versions: [{
        name: CRD_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: k.columns,
        schema: { openAPIV3Schema: objectSchema(k.kind, crdSpecSchema(k)) },
      }],
    },
  };
}

function objectSchema(kind: string, spec: StructuralSchema): CrdSchema {
  const doc = documentSchema(spec);
  // A spec with required fields must be present: attache reads a missing spec as `{}` and
  // would reject it for those fields, so the API server refuses it up front as well.
  const specRequired = (spec.required?.length ?? 0) > 0;
  return {
    ...doc,
    description: `${kind} (${AMBASSADOR_V3}), as read by attache.`,
    properties: { ...doc.properties, status: statusSchema },
    ...(specRequired ? { required: ["spec"] } : {}),
  };
}
