/**
 * ESPHome's YAML tags: `!secret name` reads a value from the device's
 * secrets.yaml, `!lambda` is C++ run on the device. Writing builds tagged
 * nodes; reading turns them into SecretRef and Lambda values, so a config can
 * be checked like any other data.
 */
import { Document, parse, Scalar, type ScalarTag } from 'yaml';

export class SecretRef {
  constructor(readonly name: string) {}
}

export class Lambda {
  constructor(readonly code: string) {}
}

/** A `!secret` node for a config being written. */
export function secretNode(name: string): Scalar {
  const node = new Scalar(name);
  node.tag = '!secret';
  return node;
}

/** A `!lambda` node, written as a block so the C++ needs no escaping. */
export function lambdaNode(code: string): Scalar {
  const node = new Scalar(code);
  node.tag = '!lambda';
  node.type = Scalar.BLOCK_LITERAL;
  return node;
}

export const ESPHOME_TAGS: ScalarTag[] = [
  { tag: '!secret', resolve: (name: string) => new SecretRef(name) },
  { tag: '!lambda', resolve: (code: string) => new Lambda(code) },
];

export function stringifyEsphome(config: unknown, header: string): string {
  const document = new Document(config);
  document.commentBefore = header;
  return document.toString({ lineWidth: 0 });
}

export function parseEsphome(text: string): unknown {
  return parse(text, { customTags: ESPHOME_TAGS });
}
