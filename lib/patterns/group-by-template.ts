import { messageTemplate } from '@/lib/patterns/message-template';

// The lines read for the Patterns tab, grouped by template: one pass that
// templates each line and counts it, keeping each line's group, level and
// time in flat arrays; the level shares and the sparkline are then counted
// for the top groups only (a day of varied messages makes tens of thousands
// of groups, and objects for each would cost more than the templating).

export const SPARKLINE_BUCKETS = 24;

export type TemplateGroup = {
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  levels: Record<string, number>;
  buckets: number[];
};

export class TemplateGroups {
  private readonly indexOf = new Map<string, number>();
  private readonly templates: string[] = [];
  private readonly counts: number[] = [];
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  private readonly lineGroups: number[] = [];
  private readonly lineTimes: number[] = [];
  private readonly lineLevels: string[] = [];
  private readonly bucketMs: number;
  readonly bucketCount: number;

  constructor(
    private readonly from: number,
    to: number,
    bucketCount = SPARKLINE_BUCKETS,
  ) {
    this.bucketCount = bucketCount;
    this.bucketMs = Math.max(1, (to - from) / bucketCount);
  }

  add(message: string, level: string, at: number): void {
    const template = messageTemplate(message);
    let group = this.indexOf.get(template);
    if (group === undefined) {
      group = this.templates.push(template) - 1;
      this.indexOf.set(template, group);
      this.counts.push(0);
      this.firsts.push(at);
      this.lasts.push(at);
    }
    this.counts[group]!++;
    if (at < this.firsts[group]!) this.firsts[group] = at;
    if (at > this.lasts[group]!) this.lasts[group] = at;
    this.lineGroups.push(group);
    this.lineTimes.push(at);
    this.lineLevels.push(level);
  }

  get lines(): number {
    return this.lineGroups.length;
  }

  has(template: string): boolean {
    return this.indexOf.has(template);
  }

  /** How many groups `keep` keeps, and their lines. */
  kept(keep: (template: string) => boolean = () => true): { groups: number; lines: number } {
    let groups = 0;
    let lines = 0;
    for (let i = 0; i < this.templates.length; i++) {
      if (!keep(this.templates[i]!)) continue;
      groups++;
      lines += this.counts[i]!;
    }
    return { groups, lines };
  }

  /** The `n` most frequent groups that `keep` keeps (ties: the template's text), with their levels and buckets. */
  top(n: number, keep: (template: string) => boolean = () => true): TemplateGroup[] {
    const candidates: number[] = [];
    for (let i = 0; i < this.templates.length; i++) if (keep(this.templates[i]!)) candidates.push(i);
    // By count alone first (numbers compare fast), then the head by count and text, so the answer does not depend on the lines' order.
    candidates.sort((a, b) => this.counts[b]! - this.counts[a]!);
    const last = candidates[Math.min(n, candidates.length) - 1];
    const head = last === undefined ? [] : candidates.filter((i) => this.counts[i]! >= this.counts[last]!);
    head.sort((a, b) => this.counts[b]! - this.counts[a]! || compare(this.templates[a]!, this.templates[b]!));
    const chosen = head.slice(0, n);
    const slots = new Map(chosen.map((group, slot) => [group, slot]));
    const groups: TemplateGroup[] = chosen.map((i) => ({
      template: this.templates[i]!,
      count: this.counts[i]!,
      firstSeen: this.firsts[i]!,
      lastSeen: this.lasts[i]!,
      levels: {},
      buckets: new Array<number>(this.bucketCount).fill(0),
    }));
    for (let line = 0; line < this.lineGroups.length; line++) {
      const slot = slots.get(this.lineGroups[line]!);
      if (slot === undefined) continue;
      const group = groups[slot]!;
      const level = this.lineLevels[line]!;
      group.levels[level] = (group.levels[level] ?? 0) + 1;
      const bucket = Math.min(this.bucketCount - 1, Math.max(0, Math.floor((this.lineTimes[line]! - this.from) / this.bucketMs)));
      group.buckets[bucket]!++;
    }
    return groups;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
