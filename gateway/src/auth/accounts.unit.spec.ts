import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { passwordProblems } from './password-policy.js';
import { sameOrigin } from './same-origin.js';

describe('password policy', () => {
  const rules = (pw: string, who = { username: 'zhang.wei', name: '张伟' }) => passwordProblems(pw, who).map((p) => p.rule);

  it('refuses common passwords, English and Chinese pinyin alike', () => {
    for (const pw of ['password123', '1qaz2wsx3edc', 'woaini1314', 'qwertyuiop', '5201314']) expect(rules(pw), pw).to.deep.equal(['common']);
  });

  it('refuses a password built on the username', () => {
    expect(rules('zhang.wei-2026!')).to.deep.equal(['containsUsername']);
  });

  it('refuses what is easy to guess, naming the rule and the estimate', () => {
    const [p] = passwordProblems('admin12345', { username: 'u1' });
    expect(p).to.include({ pointer: '/password', rule: 'weak' });
    expect(p!.message).to.match(/10\^\d/);
    for (const pw of ['Shanwei2026', '5201314520', 'zhangsan123']) expect(rules(pw), pw).to.have.length(1);
  });

  it('accepts long random or passphrase-like passwords', () => {
    for (const pw of ['Qx7-long-enough-pw-2026', 'pw-Zr8_kq2LmW0a', 'tide-harbour-lantern-47', '海边的灯塔-2026-Qz']) expect(rules(pw), pw).to.deep.equal([]);
  });

  it('names the field it was asked about', () => {
    expect(passwordProblems('password123', {}, '/newPassword')[0]!.pointer).to.equal('/newPassword');
  });
});

describe('same-origin check for cookie sessions (CSRF)', () => {
  const run = (method: string, headers: Record<string, string>, allowed: string[] = []) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const req = { method, headers: lower, protocol: 'http', get: (h: string) => lower[h.toLowerCase()] } as unknown as Request;
    let passed = false;
    try {
      sameOrigin(allowed)(req, {} as Response, (() => { passed = true; }) as NextFunction);
    } catch (err) {
      return (err as { code: string }).code;
    }
    return passed ? 'pass' : 'stuck';
  };
  const host = { host: 'gw.example:8080' };

  it('lets safe methods, API keys and clients without browser headers through', () => {
    expect(run('GET', { ...host, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).to.equal('pass');
    expect(run('POST', { ...host, authorization: 'Bearer x', origin: 'https://evil.example' })).to.equal('pass');
    expect(run('POST', host)).to.equal('pass');
  });

  it('lets a browser\'s same-origin request through and refuses a cross-site one', () => {
    expect(run('POST', { ...host, 'sec-fetch-site': 'same-origin', origin: 'http://gw.example:8080' })).to.equal('pass');
    expect(run('POST', { ...host, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).to.equal('CROSS_SITE_REQUEST');
    expect(run('POST', { ...host, 'sec-fetch-site': 'same-site', origin: 'http://other.gw.example:8080' })).to.equal('CROSS_SITE_REQUEST');
    // An older browser without Fetch Metadata: Origin decides.
    expect(run('PATCH', { ...host, origin: 'http://gw.example:8080' })).to.equal('pass');
    expect(run('POST', { ...host, origin: 'null' })).to.equal('CROSS_SITE_REQUEST');
    expect(run('POST', { ...host, origin: 'https://evil.example' })).to.equal('CROSS_SITE_REQUEST');
  });

  it('lets configured origins through (ALLOWED_ORIGINS)', () => {
    expect(run('POST', { ...host, 'sec-fetch-site': 'cross-site', origin: 'https://12315.example.gov.cn' }, ['https://12315.example.gov.cn'])).to.equal('pass');
  });
});
