// The password presets as pure functions: asvs (length + the shipped common/breached list, no
// composition rules, no expiry) and dengbao (length + 3 of 4 character classes + expiry).
import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../src/modules/auth/common-passwords';
import { passwordExpired, passwordProblems } from '../src/modules/auth/password-policy';

const check = (policy: 'asvs' | 'dengbao', password: string, username = 'tj.admin') => passwordProblems(policy, password, { username, isCommon: isCommonPassword });

describe('password policy', () => {
  it('ships a list of at least 10,000 common passwords, most frequent first', () => {
    for (const common of ['123456', 'password', '12345678', 'qwertyuiop', '1qaz2wsx3edc', 'a123456789']) expect(isCommonPassword(common)).toBe(true);
    expect(isCommonPassword('天津市和平区热线中心值班')).toBe(false);
  });

  it('asvs: at least 12 characters, not common or breached, not containing the username, no composition rules', () => {
    expect(check('asvs', '12345678')).toEqual(['密码至少需要 12 个字符', '该密码过于常见或已出现在泄露的密码库中，请换一个']);
    expect(check('asvs', 'qwertyuiop12')).toEqual(['该密码过于常见或已出现在泄露的密码库中，请换一个']);
    expect(check('asvs', 'tj.admin-2026-ok')).toEqual(['密码不能包含用户名']);
    expect(check('asvs', 'TJ.ADMIN-2026-ok')).toEqual(['密码不能包含用户名']);
    // lower case letters only, long enough: fine (no composition rules); Chinese characters count one each
    expect(check('asvs', 'correct horse battery staple')).toEqual([]);
    expect(check('asvs', '海河边的风筝飞得很高很高')).toEqual([]);
    expect(check('asvs', '海河边的风筝飞得很高')).toEqual(['密码至少需要 12 个字符']);
  });

  it('dengbao: at least 8 characters of 3 of the 4 classes, not containing the username', () => {
    expect(check('dengbao', 'abcdefgh')).toEqual(['密码需包含大写字母、小写字母、数字、特殊字符中的至少 3 类']);
    expect(check('dengbao', 'Ab1!')).toEqual(['密码至少需要 8 个字符']);
    expect(check('dengbao', 'Haihe2026')).toEqual([]);
    expect(check('dengbao', 'haihe-2026')).toEqual([]);
    expect(check('dengbao', 'Tj.Admin#1', 'tj.admin')).toEqual(['密码不能包含用户名']);
    expect(check('dengbao', 'P@ssw0rd')).toEqual(['该密码过于常见或已出现在泄露的密码库中，请换一个']);
  });

  it('dengbao expires a password after the configured days; asvs never does', () => {
    const changed = new Date('2026-01-01T00:00:00Z');
    expect(passwordExpired('dengbao', changed, new Date('2026-03-31T23:59:59Z'), 90)).toBe(false);
    expect(passwordExpired('dengbao', changed, new Date('2026-04-01T00:00:00Z'), 90)).toBe(true);
    expect(passwordExpired('asvs', changed, new Date('2030-01-01T00:00:00Z'), 90)).toBe(false);
  });
});
