/**
 * js-yaml 4 resolves an alias to the same object as its anchor, so loading a "billion laughs"
 * document is cheap, but anything that walks the result (a serializer, a deep merge, a validator)
 * expands it exponentially; an anchor may even contain an alias to itself. This measures the
 * expanded size of the loaded graph in time linear in its distinct nodes, so such a file is
 * rejected before anything walks it.
 */
export type GraphVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'recursive' | 'too-large' | 'too-deep' };

export interface GraphLimits {
  /** Largest expanded node count accepted. */
  readonly maxNodes: number;
  /** Deepest nesting accepted. */
  readonly maxDepth: number;
}

export const DEFAULT_GRAPH_LIMITS: GraphLimits = { maxNodes: 100_000, maxDepth: 200 };

interface Frame {
  readonly node: object;
  readonly children: readonly unknown[];
  next: number;
  size: number;
}

export function measureYamlGraph(roots: readonly unknown[], limits: GraphLimits = DEFAULT_GRAPH_LIMITS): GraphVerdict {
  // Expanded size of each finished node; shared (aliased) nodes are measured once.
  const sizes = new Map<object, number>();
  const onStack = new Set<object>();
  let total = 0;
  for (const root of roots) {
    if (root === null || typeof root !== 'object') {
      total += 1;
      continue;
    }
    const stack: Frame[] = [];
    const enter = (node: object): GraphVerdict | undefined => {
      if (onStack.has(node)) return { ok: false, reason: 'recursive' };
      if (stack.length >= limits.maxDepth) return { ok: false, reason: 'too-deep' };
      onStack.add(node);
      stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, size: 1 });
      return undefined;
    };
    const first = enter(root);
    if (first) return first;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++];
        if (child === null || typeof child !== 'object') {
          frame.size += 1;
          continue;
        }
        const known = sizes.get(child);
        if (known !== undefined) {
          frame.size += known;
          if (frame.size > limits.maxNodes) return { ok: false, reason: 'too-large' };
          continue;
        }
        const verdict = enter(child);
        if (verdict) return verdict;
        continue;
      }
      stack.pop();
      onStack.delete(frame.node);
      sizes.set(frame.node, frame.size);
      if (stack.length > 0) {
        const parent = stack[stack.length - 1]!;
        parent.size += frame.size;
        if (parent.size > limits.maxNodes) return { ok: false, reason: 'too-large' };
      } else {
        total += frame.size;
      }
      if (total > limits.maxNodes) return { ok: false, reason: 'too-large' };
    }
  }
  return { ok: true };
}
