/**
 * Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017), in TypeScript.
 * No maintained npm package implements it (checked the registry for "drain log template"), so this is ours.
 *
 * A line is masked and split into tokens (./mask.ts); the tree routes it by token count, then by its first
 * `depth - 3` tokens (a token with a digit routes as `<*>`), to a leaf holding a few clusters. The most similar
 * cluster (share of equal tokens >= `similarity`) absorbs the line and its differing tokens become `<*>`;
 * else the line starts a new cluster. Its state serialises (toJSON / Drain.fromJSON) so that the project
 * patterns job (./upkeep.ts) carries on where it stopped.
 */
import { tokenize, WILDCARD } from './mask.js';

export interface DrainOptions {
  /** Tree depth as Drain3 counts it (root, length, prefix tokens, leaf): the default 4 routes by the first token. */
  depth?: number;
  /** Share of equal tokens for a line to join a cluster (0..1). */
  similarity?: number;
  /** Children per inner node; past it, new tokens route through the `<*>` child. */
  maxChildren?: number;
  /** Clusters kept in all (the smallest are not evicted: new lines past the cap join the nearest). */
  maxClusters?: number;
}

export interface DrainCluster {
  id: string;
  tokens: string[];
  /** The routing path the cluster was filed under (its tokens at creation), kept so a reloaded tree agrees. */
  path: string[];
  size: number;
}

export interface DrainState {
  options: Required<DrainOptions>;
  next: number;
  clusters: DrainCluster[];
}

interface Node {
  children: Map<string, Node>;
  clusters: DrainCluster[];
}

const DEFAULTS: Required<DrainOptions> = { depth: 4, similarity: 0.7, maxChildren: 100, maxClusters: 50_000 };
/** Messages whose tokens are remembered: logs repeat a lot, and masking is most of a line's cost. */
const MEMO_SIZE = 1_024;
const newNode = (): Node => ({ children: new Map(), clusters: [] });
const hasDigit = (t: string) => /\d/.test(t);

export class Drain {
  private readonly root = newNode();
  private readonly byId = new Map<string, DrainCluster>();
  private next = 1;
  private readonly memo = new Map<string, readonly string[]>();
  readonly options: Required<DrainOptions>;

  constructor(opts: DrainOptions = {}) {
    this.options = { ...DEFAULTS, ...opts };
  }

  static fromJSON(state: DrainState): Drain {
    const d = new Drain(state.options);
    d.next = state.next;
    for (const c of state.clusters) {
      const cluster = { ...c, tokens: [...c.tokens], path: [...c.path] };
      d.file(cluster);
    }
    return d;
  }

  toJSON(): DrainState {
    return { options: this.options, next: this.next, clusters: [...this.byId.values()] };
  }

  get clusterCount(): number {
    return this.byId.size;
  }

  cluster(id: string): DrainCluster | undefined {
    return this.byId.get(id);
  }

  clusters(): DrainCluster[] {
    return [...this.byId.values()];
  }

  /** Files the message; returns its cluster and the cluster's template after the message joined it. */
  add(message: string): { clusterId: string; template: string; changed: boolean } {
    const tokens = this.tokensOf(message);
    const leaf = this.leafFor(tokens, true)!;
    const best = this.bestMatch(leaf.clusters, tokens, this.byId.size >= this.options.maxClusters ? 0 : this.options.similarity);
    if (best) {
      const changed = merge(best.tokens, tokens);
      best.size++;
      return { clusterId: best.id, template: best.tokens.join(' '), changed };
    }
    const cluster: DrainCluster = { id: `c${this.next++}`, tokens: [...tokens], path: routePath(tokens, this.options.depth), size: 1 };
    this.file(cluster);
    return { clusterId: cluster.id, template: tokens.join(' '), changed: true };
  }

  /** The cluster a message would join, without changing anything. */
  match(message: string): DrainCluster | null {
    const tokens = this.tokensOf(message);
    const leaf = this.leafFor(tokens, false);
    return leaf ? this.bestMatch(leaf.clusters, tokens, this.options.similarity) : null;
  }

  // The tokens are shared by every line with this message: never changed (a new cluster copies them).
  private tokensOf(message: string): readonly string[] {
    let tokens = this.memo.get(message);
    if (!tokens) {
      if (this.memo.size >= MEMO_SIZE) this.memo.clear(); // cheaper than an LRU; the frequent messages come back at once
      this.memo.set(message, (tokens = tokenize(message)));
    }
    return tokens;
  }

  private file(cluster: DrainCluster): void {
    this.byId.set(cluster.id, cluster);
    let node = this.lengthNode(cluster.tokens.length, true)!;
    for (const key of cluster.path) node = this.child(node, key, true)!;
    node.clusters.push(cluster);
  }

  private lengthNode(n: number, create: boolean): Node | undefined {
    return this.child(this.root, String(n), create, Infinity);
  }

  private child(node: Node, key: string, create: boolean, max = this.options.maxChildren): Node | undefined {
    let c = node.children.get(key);
    if (c || !create) return c ?? node.children.get(WILDCARD);
    if (node.children.size >= max - 1 && key !== WILDCARD) key = WILDCARD;
    c = node.children.get(key);
    if (!c) node.children.set(key, (c = newNode()));
    return c;
  }

  private leafFor(tokens: readonly string[], create: boolean): Node | undefined {
    let node = this.lengthNode(tokens.length, create);
    for (const key of routePath(tokens, this.options.depth)) {
      if (!node) return undefined;
      node = this.child(node, key, create);
    }
    return node;
  }

  private bestMatch(clusters: DrainCluster[], tokens: readonly string[], threshold: number): DrainCluster | null {
    let best: DrainCluster | null = null;
    let bestSim = -1;
    let bestWild = -1;
    for (const c of clusters) {
      let same = 0;
      let words = 0;
      let wild = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = c.tokens[i]!;
        if (t === WILDCARD) wild++;
        if (tokens[i] === WILDCARD) continue; // masked values say nothing about which event this is
        words++;
        if (t === tokens[i]) same++;
      }
      // Drain's share of equal tokens, over the line's words only: a line of masked values with two words
      // must match on those words (nginx GET and POST lines are not one event because their numbers are).
      const sim = words ? same / words : 1;
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = c;
        bestSim = sim;
        bestWild = wild;
      }
    }
    return best && bestSim >= threshold ? best : null;
  }
}

/** The first `depth - 3` tokens as routing keys (Drain3 counts the root, the length level and the leaf); a token with a digit is a value, so it routes as `<*>`. */
function routePath(tokens: readonly string[], depth: number): string[] {
  const n = Math.min(tokens.length, Math.max(0, depth - 3));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = hasDigit(tokens[i]!) ? WILDCARD : tokens[i]!;
  return out;
}

/** Positions where the template and the line differ become `<*>`; true when the template changed. */
function merge(template: string[], tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== WILDCARD && template[i] !== tokens[i]) {
      template[i] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}
