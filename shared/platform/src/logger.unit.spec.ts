import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from './logger.js';
import { loadConfig, platformSettings } from './config.js';
import { ValidationError } from './errors.js';
import { maskIdNumber, maskName, maskPhone } from './mask.js';

describe('logging never carries personal data', () => {
  it('censors names, phone and ID numbers wherever they sit in a logged object', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
    const probe = createLogger('t', 'info', {}, sink);
    probe.info({ consumer: { name: '陈小明', phone: '13800138000' }, record: { caller: { phone: '13711112222' } }, phone: '1', idNumber: '44150019900101123X' }, 'x');
    const out = lines.join('');
    expect(out).not.to.match(/13800138000|13711112222|陈小明|44150019900101123X/);
    expect(out).to.contain('[redacted]');
  });

  it('masks for display', () => {
    expect(maskPhone('13800138000')).to.equal('138****8000');
    expect(maskIdNumber('44150019900101123X')).to.equal('4415**********123X');
    expect(maskName('陈小明')).to.equal('陈**');
  });
});

describe('configuration fails fast', () => {
  it('names every bad variable and its rule', () => {
    try {
      loadConfig(platformSettings, { KAFKA_BROKERS: 'nohost', MONGO_URL: 'http://x', LOG_LEVEL: 'loud' });
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(ValidationError);
      expect((e as ValidationError).details.map((d) => `${d.pointer} ${d.rule}`)).to.deep.equal(['/KAFKA_BROKERS hostPort', '/MONGO_URL protocol', '/LOG_LEVEL enum']);
    }
  });
  it('applies defaults', () => {
    expect(loadConfig(platformSettings, {}).KAFKA_BROKERS).to.deep.equal(['127.0.0.1:9092']);
  });
});
