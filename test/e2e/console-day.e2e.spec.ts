import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startSystem, getJson, postJson, type TestSystem } from '../support/system.js';
import { createUser, login, type TestUser } from '../support/auth.js';
import { eventually } from '../support/env.js';
import { aComplaintRecord } from '../support/builders.js';

import { ARTIFACTS, hasChromium, launchChromium, loggedInPage } from '../support/browser.js';
const HAIFENG = '441521';
const CHENGQU = '441502';
const PHONE = '13800138000';

interface ConsoleState { seen: string[]; changes: string[]; connected: boolean; case: { version: number; caseId: string } | null }

/**
 * A working day in the browser: an operator logs a phone complaint about a business in 海丰县; the
 * 海丰县 mediator, already on the console, sees it appear without reloading, claims it, accepts it,
 * meets a version conflict, and records a mediation success with ¥350.00 recovered; the council
 * board's figures move. A 城区 mediator, on the console the whole time, never sees the case.
 */
describe('a day on the consoles in headless Chromium', function () {
  this.timeout(240_000);
  let sys: TestSystem;
  let browser: Browser;
  const pages: Page[] = [];
  const problems: string[] = [];
  let operator: TestUser;
  let mediator: TestUser;
  let otherMediator: TestUser;
  let council: TestUser;

  before(async function () {
    if (!hasChromium()) this.skip();
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    [operator, mediator, otherMediator, council] = await Promise.all([
      createUser(sys, { role: 'operator', name: '话务员甲' }),
      createUser(sys, { role: 'mediator', districts: [HAIFENG], name: '海丰调解员' }),
      createUser(sys, { role: 'mediator', districts: [CHENGQU], name: '城区调解员' }),
      createUser(sys, { role: 'council', name: '消委会' }),
    ]);
    browser = await launchChromium();
  });
  after(async function () {
    if (this.currentTest?.state === 'failed' && sys) console.error(sys.dumpLogs());
    await browser?.close();
    await sys?.stopAll();
  });

  /** A fresh browser (own cookies) that logs in through /login and lands on the console of the role. */
  /** A fresh browser (own cookies) that logs in through /login and lands on the console of the role. */
  async function loggedIn(u: TestUser, expectedPath: string): Promise<Page> {
    const page = await loggedInPage(browser, sys.url, u, expectedPath, problems);
    pages.push(page);
    return page;
  }
  const consoleState = (page: Page) => page.evaluate(() => (globalThis as unknown as { __console: ConsoleState }).__console);
  const districtRows = (page: Page) => page.locator('[data-testid="queue-district"] [data-testid="queue-row"]');

  it('logs, routes, claims, accepts and closes a complaint while every console updates live', async () => {
    // A wrong password is refused in words, and nothing else happens.
    const probe = await browser.newPage();
    await probe.goto(`${sys.url}/login`);
    await probe.locator('#username').fill(operator.username);
    await probe.locator('#password').fill('not-the-password');
    await probe.locator('#login-submit').click();
    await eventually(async () => (await probe.locator('#login-error').innerText()) === '用户名或密码错误。', 'the login error');
    await probe.close();

    // Everyone starts the day on their console.
    const med = await loggedIn(mediator, '/console/mediator');
    const other = await loggedIn(otherMediator, '/console/mediator');
    const board = await loggedIn(council, '/board');
    for (const p of [med, other]) {
      await p.waitForSelector('body[data-ready="true"]');
      await eventually(async () => (await consoleState(p)).connected, 'the live queue connection');
    }
    await eventually(async () => (await board.locator('[data-testid="live"]').innerText()).includes('实时连接'), 'the board live indicator');
    expect(await board.locator('[data-testid="moneyRecovered"]').innerText()).to.equal('¥0.00');
    await med.evaluate(() => { (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true; });
    await other.evaluate(() => { (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true; });
    expect(await districtRows(med).count()).to.equal(0);

    // The operator logs the call; live validation, a suggestion, then the case number.
    const op = await loggedIn(operator, '/console/operator');
    await op.waitForSelector('body[data-ready="true"]');
    await op.locator('#f-consumer-name').fill('陈小明');
    await op.locator('#f-consumer-phone').fill('1380');
    await op.locator('#f-consumer-phone').blur();
    expect(await op.locator('[data-testid="error-consumer.phone"]').innerText()).to.contain('电话号码格式不正确');
    await op.locator('#f-consumer-phone').fill('138 0013 8000');
    expect(await op.locator('[data-testid="error-consumer.phone"]').innerText()).to.equal('');
    await op.locator('#f-business-name').fill('海丰县某超市');
    await op.locator('#f-business-address').fill('汕尾市海丰县梅陇镇人民路8号');
    await op.locator('#f-summary').fill('购买的牛奶已过保质期');
    await op.locator('#f-narrative').fill('消费者反映在该超市购买的纯牛奶已过保质期三天，要求退一赔十。');
    await op.locator('#f-claimAmountYuan').fill('59.80');
    await eventually(async () => (await op.locator('[data-testid="suggested-category"]').getAttribute('data-code')) === 'food', 'the category suggestion');
    expect(await op.locator('[data-testid="suggested-district"]').getAttribute('data-code')).to.equal(HAIFENG);
    expect(await op.locator('[data-testid="suggestion"]').innerText()).to.contain('海丰县');
    await op.locator('[data-testid="adopt-category"]').click();
    expect(await op.locator('#f-category').inputValue()).to.equal('food');
    expect(await op.locator('[data-testid="duplicates"]').isHidden()).to.equal(true);
    await op.screenshot({ path: path.join(ARTIFACTS, 'console-operator-form.png'), fullPage: true });
    await op.locator('[data-testid="save"]').click();
    const caseNoEl = op.locator('[data-testid="saved"] [data-testid="case-no"]');
    await caseNoEl.waitFor({ timeout: 20_000 });
    const caseNo = await caseNoEl.innerText();
    const caseId = (await caseNoEl.getAttribute('data-case-id'))!;
    expect(caseNo).to.match(/^TS-\d{4}-\d{6}$/);
    await op.screenshot({ path: path.join(ARTIFACTS, 'console-operator-saved.png'), fullPage: true });

    // The 海丰县 mediator sees it appear, without reloading the page.
    const row = med.locator(`[data-testid="queue-district"] [data-testid="queue-row"][data-case-no="${caseNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await med.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).to.equal(true);
    expect(await row.innerText()).to.contain('购买的牛奶已过保质期');
    expect(await row.locator('[data-testid="due-accept"]').innerText()).to.match(/受理时限\s*\d{4}-\d{2}-\d{2} · (剩 \d+ 个工作日|今日到期)/);
    expect(await med.content()).not.to.contain(PHONE);
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-queue.png'), fullPage: true });

    // Claimed: it leaves the district queue and enters "my cases".
    await row.locator('[data-command="ClaimCase"]').click();
    const mine = med.locator(`[data-testid="queue-mine"] [data-testid="queue-row"][data-case-no="${caseNo}"]`);
    await mine.waitFor();
    await eventually(async () => (await row.count()) === 0, 'the claimed case to leave the district queue');

    // The case page: details masked, deadlines as dates, the timeline.
    await mine.locator('a').click();
    await med.locator('[data-testid="case-view"] [data-testid="case-no"]').waitFor();
    expect(await med.locator('[data-testid="fact-consumer"]').innerText()).to.match(/^陈\*\* 138\*\*\*\*8000/);
    expect(await med.locator('[data-testid="narrative"]').innerText()).to.contain('退一赔十');
    await med.locator('[data-command="AcceptComplaint"]').click();
    await med.locator('[data-testid="form-AcceptComplaint"] textarea[name="note"]').fill('材料齐全，予以受理');
    await med.locator('[data-testid="confirm"]').click();
    await eventually(async () => (await med.locator('[data-testid="fact-status"]').innerText()) === '已受理', 'the status 已受理');
    await eventually(async () => (await med.locator('[data-testid="timeline"]').innerText()).includes('受理'), 'the acceptance in the timeline');
    // The assignee reveals the full phone number to call the consumer back, with a reason (audited).
    expect(await med.locator('[data-testid="phone"]').innerText()).to.contain('138****8000');
    await med.locator('[data-testid="reveal"]').click();
    await med.locator('[data-testid="reveal-reason"]').selectOption('callback');
    await med.locator('[data-testid="reveal-confirm"]').click();
    await eventually(async () => (await med.locator('[data-testid="phone-full"]').count()) === 1, 'the full number shown');
    expect(await med.locator('[data-testid="phone-full"]').innerText()).to.equal(PHONE);
    expect(JSON.stringify(await consoleState(med))).not.to.include(PHONE);
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-reveal.png') });
    expect(await med.locator('[data-testid="case-view"] [data-testid="due-mediation"]').innerText()).to.match(/调解时限\s*\d{4}-\d{2}-\d{2}/);
    await med.locator('[data-command="StartMediation"]').click();
    await med.locator('[data-testid="confirm"]').click();
    await eventually(async () => (await med.locator('[data-testid="fact-status"]').innerText()) === '调解中', 'the status 调解中');

    // The termination form offers the grounds of the case's rule set with their item numbers, the
    // settled amount (item 1) and, under Order 121, the referral to the police; cancelled here.
    await med.locator('[data-command="TerminateMediation"]').click();
    const termination = med.locator('[data-testid="form-TerminateMediation"]');
    await termination.waitFor();
    expect(await termination.locator('select[name="reasonCode"]').innerText()).to.contain('第7项 一方死亡或者终止');
    expect(await termination.locator('input[name="settledAmount.amountYuan"]').count()).to.equal(1);
    expect(await termination.locator('input[name="policeReferral.referredOn"][type="date"]').count()).to.equal(1);
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-terminate.png'), fullPage: true });
    await termination.locator('button[type="button"]').click();

    // Someone else changes the case while the form is open: the conflict is explained, reload fixes it.
    await med.locator('[data-command="RecordMediationSuccess"]').click();
    await med.locator('[name="refund.amountYuan"]').fill('300');
    const { version } = (await consoleState(med)).case!;
    const secondSession = await login(sys.url, mediator.username, mediator.password);
    const sneaky = await postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, { type: 'DelegateToCouncil', council: '汕尾市消费者委员会', expectedVersion: version }, { cookie: secondSession });
    expect(sneaky.status, JSON.stringify(sneaky.body)).to.equal(200);
    await med.locator('[data-testid="confirm"]').click();
    const conflict = med.locator('[data-testid="conflict"]');
    await conflict.waitFor();
    expect(await conflict.innerText()).to.contain('此案件已被他人更新');
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-conflict.png'), fullPage: true });
    await med.locator('[data-testid="reload"]').click();
    await eventually(async () => (await consoleState(med)).case?.version === version + 1, 'the reloaded case');

    // Mediation succeeded with ¥350.00 recovered (yuan with fen precision).
    await med.locator('[data-command="RecordMediationSuccess"]').click();
    await med.locator('[name="refund.amountYuan"]').fill('300.00');
    await med.locator('[name="compensation.amountYuan"]').fill('50');
    await med.locator('[name="replacementValue.amountYuan"]').fill('12.345');
    await med.locator('[data-testid="confirm"]').click();
    expect(await med.locator('[data-testid="form-RecordMediationSuccess"] .invalid .error').innerText()).to.contain('金额格式不正确');
    await med.locator('[name="replacementValue.amountYuan"]').fill('');
    expect(await med.locator('[data-testid="recovered-total"]').innerText()).to.contain('¥350.00');
    await med.locator('[data-testid="confirm"]').click();
    await eventually(async () => (await med.locator('[data-testid="fact-status"]').innerText()) === '已办结', 'the case to close');
    await eventually(async () => (await med.locator('[data-testid="timeline"]').innerText()).includes('挽回经济损失 ¥350.00'), 'the recovered money in the timeline');
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-case.png'), fullPage: true });
    await med.locator('#lang').click();
    expect(await med.locator('[data-testid="fact-status"]').innerText()).to.equal('Closed');
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-case-en.png'), fullPage: true });
    // The audit trail names who claimed, accepted, mediated and closed the case from the console,
    // with the status before → after and the refused first try (the version conflict).
    const audit = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/audit?caseId=${encodeURIComponent(caseId)}`, sys.adminHeaders);
      const items = r.body.items as { action: string; actorId: string; outcome: string; code: string | null; reason?: string; changes?: { field: string; before: unknown; after: unknown }[] }[];
      return items.some((e) => e.action === 'command:RecordMediationSuccess' && e.outcome === 'applied') ? items : undefined;
    }, 'the closing command in the audit trail');
    const applied = (action: string) => audit.find((e) => e.action === action && e.outcome === 'applied');
    for (const action of ['command:ClaimCase', 'command:AcceptComplaint', 'command:StartMediation', 'command:RecordMediationSuccess', 'command:DelegateToCouncil']) {
      expect(applied(action), action).to.include({ actorId: mediator.username });
    }
    expect(applied('command:ClaimCase')!.changes).to.deep.include({ field: 'assignee', before: null, after: mediator.username });
    expect(applied('command:AcceptComplaint')!.changes).to.deep.include({ field: 'status', before: 'pending-acceptance', after: 'accepted' });
    expect(applied('command:RecordMediationSuccess')!.changes).to.deep.include({ field: 'status', before: 'mediating', after: 'closed' });
    expect(audit.find((e) => e.action === 'command:RecordMediationSuccess' && e.outcome === 'refused')).to.include({ code: 'VERSION_CONFLICT', actorId: mediator.username });
    expect(audit.find((e) => e.action === 'reveal:phone')).to.include({ actorId: mediator.username, outcome: 'applied', reason: '电话回访消费者' });
    expect(JSON.stringify(audit)).not.to.include(PHONE).and.not.to.include('陈小明');
    const history = await getJson(`${sys.url}/api/v1/cases/${caseId}/history`, sys.adminHeaders);
    const success = history.body.events.find((e: { type: string }) => e.type === 'MediationSucceeded');
    expect(success.data.recovered.totalYuan).to.equal('350.00');

    // The council board moved without reloading.
    await eventually(async () => (await board.locator('[data-testid="moneyRecovered"]').innerText()) === '¥350.00', 'the board money tile', 20_000);
    expect(await board.locator('[data-testid="accepted"]').innerText()).to.equal('1');
    expect(await board.locator('[data-testid="mediationSuccessRate"]').innerText()).to.equal('100.0%');
    await board.screenshot({ path: path.join(ARTIFACTS, 'console-day-board.png'), fullPage: true });

    // The next call from the same phone about the same business is flagged.
    await op.getByRole('button', { name: '登记下一个来电' }).click();
    await op.locator('#f-consumer-phone').fill('+86 138-0013-8000');
    await op.locator('#f-business-name').fill('海丰县 某超市');
    const dup = op.locator(`[data-testid="duplicate"][data-case-no="${caseNo}"]`);
    await dup.waitFor({ timeout: 10_000 });
    expect(await op.locator('[data-testid="duplicates"]').innerText()).to.contain('近 30 天内已就同一经营者投诉 1 次');
    await op.screenshot({ path: path.join(ARTIFACTS, 'console-operator-duplicate.png'), fullPage: true });

    // A second complaint ends in a termination: it stays in "my cases" until the parties are told
    // (7 working days), and the mediator records the notice on its page.
    const medCookie = { cookie: await login(sys.url, mediator.username, mediator.password) };
    const posted = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({
      consumer: { name: '林晓', phone: '13922223333' }, business: { name: '海丰县某家具店', address: '汕尾市海丰县海城镇二环路18号' }, summary: '沙发质量问题',
    }), sys.adminHeaders);
    expect(posted.status, JSON.stringify(posted.body)).to.equal(202);
    const secondId: string = posted.body.cases[0].caseId;
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${secondId}`, medCookie)).body.queue, 'the second case routed', 20_000);
    for (const cmd of [{ type: 'ClaimCase' }, { type: 'AcceptComplaint' }, { type: 'StartMediation' }, { type: 'TerminateMediation', reasonCode: 'party-refuses', explanation: '经营者拒绝调解' }]) {
      const expectedVersion: number = (await getJson(`${sys.url}/api/v1/cases/${secondId}`, medCookie)).body.version;
      const r = await postJson(`${sys.url}/api/v1/cases/${secondId}/commands`, { ...cmd, expectedVersion }, medCookie);
      expect(r.status, `${cmd.type}: ${JSON.stringify(r.body)}`).to.equal(200);
    }
    await med.locator('#lang').click(); // back to Chinese
    await med.locator('[data-testid="back"]').click();
    const owed = med.locator(`[data-testid="queue-mine"] [data-testid="queue-row"][data-case-id="${secondId}"]`);
    await eventually(async () => (await owed.count()) === 1 && (await owed.innerText()).includes('终止调解告知时限'), 'the terminated case in my cases, with its notice deadline', 20_000);
    await owed.locator('a').click();
    await med.locator('[data-command="NotifyTermination"]').click();
    const notice = med.locator('[data-testid="form-NotifyTermination"]');
    expect(await notice.locator('select[name="method"]').innerText()).to.contain('书面告知');
    await notice.locator('select[name="method"]').selectOption('written');
    await med.locator('[data-testid="confirm"]').click();
    await eventually(async () => (await med.locator('[data-testid="case-view"] [data-testid="due-terminationNotice"]').getAttribute('data-state')) === 'met', 'the notice deadline met');
    expect(await med.locator('[data-testid="timeline"]').innerText()).to.contain('告知终止调解');
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-mediator-notice.png'), fullPage: true });
    await med.locator('[data-testid="back"]').click();
    await eventually(async () => (await owed.count()) === 0, 'the told case to leave my cases', 20_000);

    // A second report by the same reporter about the same business is flagged on its page, with the earlier one to merge into.
    const report = (summary: string) => postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({
      kind: 'report', consumer: { name: '李举报', phone: '13655556666' }, business: { name: '海丰县某药店', address: '汕尾市海丰县海城镇' }, summary,
    }), sys.adminHeaders);
    const firstReport = (await report('药店销售过期药品')).body.cases[0];
    const secondReport = (await report('药店再次销售过期药品')).body.cases[0];
    await med.evaluate((id) => { (globalThis as unknown as { location: { hash: string } }).location.hash = `#/case/${encodeURIComponent(id)}`; }, secondReport.caseId as string);
    const dupFact = med.locator('[data-testid="fact-duplicates"]');
    await dupFact.waitFor({ timeout: 20_000 });
    expect(await dupFact.innerText()).to.contain(firstReport.caseNo);
    await med.screenshot({ path: path.join(ARTIFACTS, 'console-report-duplicate.png'), fullPage: true });
    await med.locator('[data-testid="back"]').click();

    // The 城区 mediator was on the console the whole time and never saw the case.
    const o = await consoleState(other);
    expect(o.connected).to.equal(true);
    expect(o.seen).not.to.include(caseNo);
    expect(o.changes).not.to.include(caseId);
    expect(await other.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).to.equal(true);
    expect(await other.content()).not.to.contain(caseNo);
    // …and may not open it either.
    const direct = await getJson(`${sys.url}/api/v1/cases/${caseId}`, { cookie: await login(sys.url, otherMediator.username, otherMediator.password) });
    expect(direct.status).to.equal(404);

    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
