import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestUser } from './auth.js';

/** Debian's chromium (.ci/run installs it); a machine without it skips the browser tests. */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the browser tests. */
export const ARTIFACTS = path.resolve('test-artifacts');
export const hasChromium = () => existsSync(CHROMIUM);

/** Headless Chromium as the browser tests run it (no network chatter of its own). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh browser context (own cookies, zh-CN) that logs in through /login and lands on
 * `expectedPath`; page errors and CSP refusals are pushed to `problems`.
 */
export async function loggedInPage(browser: Browser, url: string, u: TestUser, expectedPath: string, problems: string[], viewport = { width: 1300, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${u.username}: ${e.message}`));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`${u.username}: ${m.text()}`); });
  await page.goto(`${url}/login`);
  const heading = await page.locator('h2').innerText();
  if (heading !== '登录') throw new Error(`the login page's heading is "${heading}", not 登录`);
  await page.locator('#username').fill(u.username);
  await page.locator('#password').fill(u.password);
  await page.locator('#login-submit').click();
  await page.waitForURL((x) => x.pathname === expectedPath, { timeout: 15_000 });
  return page;
}
