import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';
import { nationalDue, regionDue } from './app.js';

describe('stats: due dates on the region\'s calendar', () => {
  it('counts a local closure of the region file (received 2020-01-31: due 02-11 nationally, 02-18 with 02-03…02-07 closed)', () => {
    const region = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
    region.deadlines.closures = [{ from: '2020-02-03', to: '2020-02-07', reason: '广东省延迟复工' }];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'region-')), 'region.json');
    writeFileSync(file, JSON.stringify(region));
    const wd7 = { days: 7, unit: 'working' } as const;
    expect(nationalDue('2020-01-31', wd7, []).due).to.equal('2020-02-11');
    expect(regionDue(DEFAULT_CONFIG_PATH)('2020-01-31', wd7, []).due).to.equal('2020-02-11');
    expect(regionDue(file)('2020-01-31', wd7, []).due).to.equal('2020-02-18');
  });
});
