import { isMap, isScalar, isSeq } from 'yaml';
import type { FactEditing, FactEditor, FactPath, FactPlanner, NativeSpec, NewProbe } from '../facts/model';
import { factRangeIn, factSegments, factValue, PROBE_DEFAULTS } from '../facts/model';
import { editsOf, mergePlans, planAppendToSequence, planInsertAtPath, planInsertKeys, planReplaceValue, planSetValue } from '../fix/edits';
import { MANIFEST_ANNOTATION } from '../facts/links';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import type { EditPlan } from '../types';
import { annotationFor } from './annotations';

/**
 * Fact editors: how each format writes a fact a rule asks for, and how it names the fact in messages. A rule says
 * what it wants stated (`unit.edit.set('governance.personalData.dpia', text)`) and the unit's format turns it into
 * text edits in the file's own style, so rules judge facts without knowing the format.
 */

type SourcePath = (fact: FactPath) => readonly PathSegment[] | undefined;

/** The editor that writes a planner's edits at once. */
function writing(plan: FactPlanner): FactEditor {
  return {
    set: (fact, text) => editsOf(plan.set(fact, text)),
    addKeys: (fact, entries) => editsOf(plan.addKeys(fact, entries)),
    append: (fact, items) => editsOf(plan.append(fact, items)),
    addProbe: (kind, probe) => editsOf(plan.addProbe(kind, probe)),
  };
}

/** The native manifest: every fact is its own field, at its own path. */
export function nativeEditing(doc: YamlDocument, sourcePath: SourcePath): FactEditing {
  const at = (fact: FactPath) => sourcePath(fact) ?? factSegments(fact);
  const plan: FactPlanner = {
    set: (fact, text) => planSetValue(doc, at(fact), text),
    addKeys: (fact, entries) => planInsertKeys(doc, at(fact), entries),
    append: (fact, items) => planAppendToSequence(doc, at(fact), items),
    // `readiness: /health`, or a flow mapping with the timing that differs from Kubernetes' defaults.
    addProbe: (kind, probe) => {
      const timing = (['periodSeconds', 'failureThreshold'] as const).filter((k) => probe[k] !== undefined && probe[k] !== PROBE_DEFAULTS[k]);
      const text = timing.length ? `{ path: ${probe.path}, ${timing.map((k) => `${k}: ${probe[k]}`).join(', ')} }` : probe.path;
      return planInsertKeys(doc, at('reliability.probes'), [[kind, text]]);
    },
  };
  return {
    describe: (fact) => `\`${fact}\``,
    where: (fact) => factRangeIn(doc, sourcePath, fact),
    plan,
    edit: writing(plan),
    rebind: (moved) => nativeEditing(moved, sourcePath),
  };
}

/** An `httpGet` probe as data, in the order Kubernetes documents it; an unknown port is a snippet placeholder. */
function httpProbe(probe: NewProbe): Record<string, unknown> {
  const timing = Object.fromEntries((['periodSeconds', 'failureThreshold'] as const).filter((k) => probe[k] !== undefined).map((k) => [k, probe[k]]));
  // The next snippet placeholder after those of the path.
  const next = (probe.path.match(/\$\{\d+:/g) ?? []).length + 1;
  return { httpGet: { path: probe.path, port: probe.port ?? `\${${next}:8000}` }, ...timing };
}

/** The container a source path lies in (`...containers[i]`), if any. */
function containerOf(path: readonly PathSegment[]): PathSegment[] | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    if ((path[i] === 'containers' || path[i] === 'initContainers') && typeof path[i + 1] === 'number') return path.slice(0, i + 2);
  }
  return undefined;
}

const ANNOTATIONS: PathSegment[] = ['metadata', 'annotations'];

/** Whether a source path is a workload annotation (where a fact stated by an annotation lives). */
function isAnnotation(path: readonly PathSegment[]): boolean {
  return path.length >= 2 && path[path.length - 2] === 'annotations';
}

/**
 * A Kubernetes-family workload (Deployment, StatefulSet, LeaderWorkerSet, KServe, KubeRay): a fact the workload
 * states in its own shape (a pod setting, a flag) is edited where it is; other facts are stated with the
 * `modelready.dev/*` annotation the adapter reads (formats/annotations.ts) on the workload's own metadata; facts no
 * annotation states cannot be written here (they belong in a linked ModelDeployment manifest), so edits are empty.
 */
export function workloadEditing(doc: YamlDocument, spec: NativeSpec, sourcePath: SourcePath): FactEditing {
  /**
   * Where the workload states the fact in its own shape (not an annotation): the adapter's source path when the fact
   * is stated there, or when that path is a key still to be written in an existing mapping (`...livenessProbe`).
   * A key recorded for a missing fact (the pod spec's `nodeSelector`) counts when its parent mapping is there to take it.
   */
  const own = (fact: FactPath): readonly PathSegment[] | undefined => {
    const source = sourcePath(fact);
    if (!source || isAnnotation(source)) return undefined;
    if (doc.locate(source).pair) return factValue(spec, fact) !== undefined ? source : undefined;
    return isMap(doc.locate(source.slice(0, -1)).node) ? source : undefined;
  };
  /** `own`, when the node there is of the kind an edit expects (a source may be approximate: never overwrite a block with a scalar). */
  const ownAs = (fact: FactPath, kind: 'scalar' | 'map' | 'seq'): readonly PathSegment[] | undefined => {
    const source = own(fact);
    if (!source) return undefined;
    const { node } = doc.locate(source);
    if (node == null || (isScalar(node) && (node.value === null || node.value === undefined))) return source;
    return (kind === 'scalar' ? isScalar(node) : kind === 'map' ? isMap(node) : isSeq(node)) ? source : undefined;
  };
  const annotate = (key: string, text: string): EditPlan | undefined => {
    const path = [...ANNOTATIONS, key];
    // Annotation values are strings: the text is quoted unless it already is.
    const quoted = /^["']/.test(text) ? text : `"${text}"`;
    return doc.locate(path).node?.range ? planReplaceValue(doc, path, quoted) : planInsertAtPath(doc, path, quoted);
  };
  /** An annotation the workload states the fact with that is not one of ours (`prometheus.io/port` on the pod template). */
  const statedBy = (fact: FactPath): readonly PathSegment[] | undefined => {
    const source = sourcePath(fact);
    return source && isAnnotation(source) && doc.locate(source).pair && !annotationFor(fact) ? source : undefined;
  };
  const set = (fact: FactPath, text: string): EditPlan | undefined => {
    const source = ownAs(fact, 'scalar');
    if (source) return planSetValue(doc, source, text);
    const other = statedBy(fact);
    if (other) return planReplaceValue(doc, other, /^["']/.test(text) ? text : `"${text}"`);
    const annotation = annotationFor(fact);
    return annotation ? annotate(annotation, text) : undefined;
  };
  const plan: FactPlanner = {
    set,
    addKeys: (fact, entries) => {
      const source = ownAs(fact, 'map');
      if (source) return planInsertKeys(doc, source, entries);
      return mergePlans(entries.map(([k, v]) => set(`${fact}.${k}`, v)));
    },
    append: (fact, items) => {
      const source = ownAs(fact, 'seq');
      return source ? planAppendToSequence(doc, source, items) : undefined;
    },
    // A `<kind>Probe` block in the container the adapter took the probes from.
    addProbe: (kind, probe) => {
      const source = sourcePath(`reliability.probes.${kind}`);
      return source && source[source.length - 1] === `${kind}Probe` ? planInsertAtPath(doc, source, httpProbe(probe)) : undefined;
    },
  };
  return {
    describe: (fact) => {
      const annotation = annotationFor(fact);
      if (annotation) return `the annotation \`${annotation}\``;
      const other = statedBy(fact);
      if (other) return `\`${String(other[other.length - 1])}\``;
      const source = own(fact);
      const container = source && containerOf(source);
      if (source && container) {
        const name = doc.locate([...container, 'name']).node?.toJSON();
        return `\`${source.slice(container.length).join('.')}\` of container \`${typeof name === 'string' && name ? name : '(unnamed)'}\``;
      }
      if (source) return `\`${source.join('.')}\``;
      return `\`${fact}\` in a ModelDeployment manifest linked with the annotation \`${MANIFEST_ANNOTATION}\``;
    },
    where: (fact) => {
      const source = sourcePath(fact);
      if (!source) return doc.rangeAt(ANNOTATIONS, 'key');
      // A container setting that is not there: on the container's name (else its image), where readers look for it.
      const container = containerOf(source);
      if (container && !doc.locate(source.slice(0, container.length + 1)).pair) {
        for (const key of ['name', 'image']) {
          const { node } = doc.locate([...container, key]);
          if (node?.range) return doc.nodeRange(node);
        }
      }
      // A key still to be written: on the key of its nearest existing parent (`spec` of the pod template).
      if (!doc.locate(source).pair && !doc.locate(source).node) return doc.rangeAt(source, 'key');
      return factRangeIn(doc, sourcePath, fact);
    },
    plan,
    edit: writing(plan),
    rebind: (moved) => workloadEditing(moved, spec, sourcePath),
  };
}
