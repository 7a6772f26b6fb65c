import { messageTemplate } from '@/lib/patterns/message-template';

// The lines read for the Patterns tab, grouped by template in one pass:
// counts, first and last seen, counts per level and per time bucket.

export const SPARKLINE_BUCKETS = 24;
/** Distinct messages whose template is remembered: repeated messages are templated once. */
const MEMO_SIZE = 50_000;

export type TemplateGroup = {
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  levels: Record<string, number>;
  buckets: number[];
};

export class TemplateGroups {
  private readonly groups = new Map<string, TemplateGroup>();
  private readonly memo = new Map<string, string>();
  private readonly bucketMs: number;
  readonly bucketCount: number;
  lines = 0;

  constructor(
    private readonly from: number,
    to: number,
    bucketCount = SPARKLINE_BUCKETS,
  ) {
    this.bucketCount = bucketCount;
    this.bucketMs = Math.max(1, (to - from) / bucketCount);
  }

  add(message: string, level: string, at: number): void {
    let template = this.memo.get(message);
    if (template === undefined) {
      template = messageTemplate(message);
      if (this.memo.size < MEMO_SIZE) this.memo.set(message, template);
    }
    let group = this.groups.get(template);
    if (!group) {
      group = { template, count: 0, firstSeen: at, lastSeen: at, levels: {}, buckets: new Array<number>(this.bucketCount).fill(0) };
      this.groups.set(template, group);
    }
    group.count++;
    if (at < group.firstSeen) group.firstSeen = at;
    if (at > group.lastSeen) group.lastSeen = at;
    group.levels[level] = (group.levels[level] ?? 0) + 1;
    const bucket = Math.min(this.bucketCount - 1, Math.max(0, Math.floor((at - this.from) / this.bucketMs)));
    group.buckets[bucket]!++;
    this.lines++;
  }

  get size(): number {
    return this.groups.size;
  }

  has(template: string): boolean {
    return this.groups.has(template);
  }

  /** Every group, the most frequent first (ties: the template's text, so the order is stable). */
  all(): TemplateGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
  }
}
