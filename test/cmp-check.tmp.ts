import { chromium } from 'playwright-core';
import { startSystem } from './support/system.js';
import { loginAs } from './support/auth.js';
const sys = await startSystem(['gateway', 'stats']);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const council = await loginAs(sys, 'council');
  const context = await browser.newContext({ locale: 'zh-CN' });
  const [name, value] = council.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: sys.url, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  await page.goto(`${sys.url}/board?from=2020-01-01&to=2020-12-31`);
  await new Promise((r) => setTimeout(r, 4000));
  const el = page.locator('[data-testid="onTimeVerificationRateComparison"]');
  console.log('hidden:', await el.isHidden(), 'text:', JSON.stringify(await el.textContent()));
  console.log('tile:', await page.locator('[data-testid="onTimeVerificationRate"]').innerText());
} finally { await browser.close(); await sys.stopAll(); }
process.exit(0);
