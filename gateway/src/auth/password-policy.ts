import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { ValidationError } from '@cw/platform';

/**
 * The password policy (issue 14 item 4): at least 10 characters (the request schemas), not a common
 * password (zxcvbn-ts' list of common passwords, plus the pinyin and local ones that list misses),
 * not built on the username or the display name, and hard to guess: at least 10¹⁰ guesses by
 * zxcvbn's estimate (its score 4). Checked when a password is set: by an admin, by its owner, by
 * the CLI. Login never reveals it.
 */
export const MIN_GUESSES_LOG10 = 10;

/** Common in Chinese offices and missing from zxcvbn's (English-centred) list. */
const LOCAL_COMMON = [
  'woaini', 'woaini1314', '5201314', '1314520', 'aini1314', 'zhangsan', 'lisi', 'wangwu', 'wangwei', 'zhangwei', 'liwei',
  'qq123456', 'qwe123', 'a123456', 'a123456789', 'abc123456', 'taobao', 'baidu', 'weixin', 'wechat', 'zhongguo', 'china',
  'beijing', 'guangzhou', 'guangdong', 'shenzhen', 'shanwei', 'haifeng', 'lufeng', 'luhe', 'chengqu',
  '12315', '12345', '12358', 'shichang', 'jianguan', 'scjg', 'samr', 'xiaoxie', 'xiaofeizhe', 'tousu', 'jubao',
];

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, local: LOCAL_COMMON },
  graphs: common.adjacencyGraphs,
});

export interface PasswordProblem { pointer: string; rule: 'common' | 'containsUsername' | 'weak'; message: string }

/** What is wrong with a new password (empty when it may be used). */
export function passwordProblems(password: string, who: { username?: string; name?: string }, pointer = '/password'): PasswordProblem[] {
  const lower = password.toLowerCase();
  const username = who.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) {
    return [{ pointer, rule: 'containsUsername', message: 'must not contain the username' }];
  }
  const inputs = [who.username, who.name].filter((v): v is string => typeof v === 'string' && v !== '');
  const result = zxcvbn.check(password, inputs);
  const wholeWord = result.sequence.some((m) => m.pattern === 'dictionary' && m.token.length >= password.length - 2
    && (m.dictionaryName === 'passwords-common' || m.dictionaryName === 'local' || m.dictionaryName === 'passwords'));
  if (wholeWord) return [{ pointer, rule: 'common', message: 'is a common password' }];
  if (result.guessesLog10 < MIN_GUESSES_LOG10) {
    return [{ pointer, rule: 'weak', message: `is too easy to guess (about 10^${result.guessesLog10.toFixed(1)} guesses; at least 10^${MIN_GUESSES_LOG10} needed): use a longer phrase or mix words, digits and signs` }];
  }
  return [];
}

/** Throws a 400 ValidationError naming the field and the rule. */
export function assertPasswordPolicy(password: string, who: { username?: string; name?: string }, pointer = '/password'): void {
  const problems = passwordProblems(password, who, pointer);
  if (problems.length > 0) throw new ValidationError(`Password ${problems[0]!.message}`, problems);
}
