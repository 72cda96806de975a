import { writeFile } from 'node:fs/promises';
import { cpus, freemem, type as osType, release, totalmem } from 'node:os';

/** One line of the bench table. */
export interface BenchRow {
  id: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  note?: string;
}

/** The machine the figures were measured on. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** The rows as a Markdown table. */
export function table(rows: BenchRow[]): string {
  const lines = [
    '| # | measure | value | target | met | notes |',
    '|---|---|---:|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.metric} | ${r.value} ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${r.note ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

/** Write docs/benchmarks.md: the machine, the date, the table and what the figures mean. */
export async function writeReport(file: string, rows: BenchRow[], notes: string, startedAt: Date): Promise<void> {
  const m = machine();
  const text = `# Benchmarks

Measured by \`npm run bench\` (\`test/bench/run.ts\`) in one run; every ratio compares two figures taken side by side
on the same machine in the same run. This file is rewritten by each run.

- date: ${startedAt.toISOString()}
- machine: ${m.cpu}; ${m.memory}; ${m.os}
- node: ${m.node}

${table(rows)}

${notes}
`;
  await writeFile(file, text);
}
