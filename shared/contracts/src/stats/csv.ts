/** The figures as CSV for spreadsheets. */
import { MONEY_RECOVERED_FIGURE, MONEY_SETTLED_FIGURE } from './figures.js';
import type { StatsResult } from './results.js';

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The figures as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese labels). */
export function statsToCsv(r: StatsResult): string {
  const head = ['figure', 'zh', 'en', 'value', 'numerator', 'denominator', 'fraction', 'percent', 'display', 'smallSample', 'from', 'to', 'district', 'category', 'channel', 'notYetDue', 'definitionZh', 'definitionEn'];
  const scope = [r.period.from, r.period.to, r.filters.district, r.filters.category, r.filters.channel];
  const lines: unknown[][] = [head];
  for (const [id, f] of Object.entries(r.counts)) lines.push([id, f.zh, f.en, String(f.value), '', '', '', '', '', '', ...scope]);
  lines.push([MONEY_RECOVERED_FIGURE.id, r.moneyRecovered.zh, r.moneyRecovered.en, r.moneyRecovered.yuan, '', '', '', '', '', '', ...scope]);
  lines.push([MONEY_SETTLED_FIGURE.id, r.moneySettled.zh, r.moneySettled.en, r.moneySettled.yuan, '', '', '', '', '', '', ...scope]);
  for (const [id, f] of Object.entries(r.rates)) {
    lines.push([id, f.zh, f.en, '', String(f.numerator), String(f.denominator), f.fraction, f.percent ?? '', f.display ?? '', String(f.smallSample), ...scope,
      f.notYetDue === undefined ? '' : String(f.notYetDue), f.definition.zh, f.definition.en]);
  }
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
