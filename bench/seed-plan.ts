import { busyInstallationLines, DAY, quietDayLines, type BenchConfig } from './config';
import { allocate } from '@/lib/demo/allocate';

// How many lines each installation logs on each day. Worked out here (a few
// thousand numbers) so the total is exact; the lines themselves are generated
// in SQL. Installation 1 is the busy one; the others follow a Zipf curve
// (the k-th busiest logs 1/k as much), a little quieter at weekends.

export type PlanRow = { installationId: string; day: string; lines: number };

export const installationId = (n: number) => `cbenchinst${String(n).padStart(15, '0')}`;
export const BUSY_INSTALLATION = installationId(1);

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function seedPlan(config: BenchConfig, windowStart: Date): PlanRow[] {
  const days = Array.from({ length: config.days }, (_, i) => windowStart.getTime() + i * DAY);
  const busyDay = days.at(-1) as number;
  const rows: PlanRow[] = days.map((day) => ({
    installationId: BUSY_INSTALLATION,
    day: utcDay(day),
    lines: day === busyDay ? config.busyDayLines : quietDayLines(config),
  }));

  const others: { installationId: string; day: string; weight: number }[] = [];
  for (let n = 2; n <= config.installations; n++) {
    for (const day of days) {
      const weekday = new Date(day).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      others.push({ installationId: installationId(n), day: utcDay(day), weight: (1 / (n - 1)) * (weekend ? 0.6 : 1) });
    }
  }
  const counts = allocate(
    others.map((o) => o.weight),
    config.lines - busyInstallationLines(config),
  );
  others.forEach((o, i) => rows.push({ installationId: o.installationId, day: o.day, lines: counts[i] ?? 1 }));
  return rows;
}
