import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';
import { isForbiddenName, MAX_PARAM_DEPTH } from './paramNameRules.ts';

type Node = Leaf | Branch;
type Leaf = { readonly kind: 'leaf'; readonly value: string };
type Branch = { readonly kind: 'branch'; readonly children: Map<string, Node> };

const INDEX = /^(?:0|[1-9]\d*)$/;

function refuse(name: string, en: string, zh: string): Failure {
  return new Failure(ErrorCode.InvalidParameter, {
    en: `Parameter \`${name}\` ${en}.`,
    zh: `参数 \`${name}\` ${zh}。`,
  });
}

/**
 * Rebuilds the nested parameters the SDKs flatten for v1 and TC3 GET: `Callees.0=a&Callees.1=b`
 * becomes `{Callees: ['a', 'b']}`, `CalleeAttributes.0.Variables.1.Key=k` nests arrays of objects.
 * A branch whose children are all indexes is an array, otherwise an object.
 *
 * The input is hostile, so: children are collected in Maps (no object is indexed by a client's
 * name until that name is known safe), `__proto__`/`constructor`/`prototype` are refused, an index
 * can never exceed the number of parameters sent (`Callees.99999999=x` allocates nothing), arrays
 * must be dense, and a name cannot be both a value and a container.
 */
export function unflattenParams(flat: Record<string, string>): Record<string, unknown> {
  const names = Object.keys(flat);
  const root: Branch = { kind: 'branch', children: new Map() };
  for (const name of names) {
    insert(root, name, flat[name] ?? '', names.length);
  }
  return buildObject(root, '');
}

function insert(root: Branch, name: string, value: string, count: number): void {
  const segments = name.split('.');
  if (segments.length > MAX_PARAM_DEPTH) {
    throw refuse(name, `is nested deeper than ${MAX_PARAM_DEPTH} levels`, `的嵌套超过 ${MAX_PARAM_DEPTH} 层`);
  }
  let branch = root;
  segments.forEach((segment, position) => {
    if (segment === '') throw refuse(name, 'has an empty name segment', '的名称中有空的层级');
    if (isForbiddenName(segment)) throw refuse(name, 'uses a reserved name', '使用了保留名称');
    // An array of n elements needs n parameters, so an index at or past the count is a gap.
    if (INDEX.test(segment) && Number(segment) >= count) {
      throw refuse(name, 'has an index that skips positions', '的下标不连续');
    }
    const existing = branch.children.get(segment);
    const prefix = segments.slice(0, position + 1).join('.');
    if (position === segments.length - 1) {
      if (existing !== undefined) throw conflict(prefix);
      branch.children.set(segment, { kind: 'leaf', value });
      return;
    }
    if (existing?.kind === 'leaf') throw conflict(prefix);
    const next: Branch = existing ?? { kind: 'branch', children: new Map() };
    branch.children.set(segment, next);
    branch = next;
  });
}

function conflict(name: string): Failure {
  return refuse(name, 'is given both as a value and as a list or object', '同时作为取值和列表/对象出现');
}

function build(node: Node, path: string): unknown {
  if (node.kind === 'leaf') return node.value;
  const keys = [...node.children.keys()];
  const indexes = keys.filter((key) => INDEX.test(key)).length;
  if (indexes === 0) return buildObject(node, path);
  if (indexes < keys.length) {
    throw refuse(path, 'mixes list indexes and field names', '混用了列表下标和字段名');
  }
  return buildArray(node, path, keys);
}

function buildObject(branch: Branch, path: string): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, child] of branch.children) {
    object[key] = build(child, path === '' ? key : `${path}.${key}`);
  }
  return object;
}

function buildArray(branch: Branch, path: string, keys: readonly string[]): unknown[] {
  // Indexes are distinct and canonical, so n of them are dense exactly when all are below n.
  const gap = keys.find((key) => Number(key) >= keys.length);
  if (gap !== undefined) {
    throw refuse(`${path}.${gap}`, 'has an index that skips positions', '的下标不连续');
  }
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => build(branch.children.get(String(index))!, `${path}.${index}`));
}
