// Password rules, as pure functions: which preset applies is configuration (PASSWORD_POLICY).
// - asvs (OWASP ASVS 4.0 V2.1, NIST SP 800-63B): at least 12 characters, not a common or breached
//   password, not containing the username; no composition rules and no periodic change, which push
//   people to predictable variants (Password1!, Password2!, …).
// - dengbao (the reading many 等保 2.0 assessors apply to 身份鉴别, GB/T 22239-2019 8.1.4.1 a): at least 8
//   characters of at least 3 of the 4 classes (upper case, lower case, digit, other), not containing
//   the username, changed every N days. The common-password check applies here too: it costs nothing.
// Messages are Chinese: the portal shows them as they are.
import type { PasswordPolicyName } from '../../config';

export interface PasswordRules {
  minLength: number;
  /** How many of the four character classes a password needs (0: none). */
  minClasses: number;
  /** Whether a password expires after the configured number of days. */
  expires: boolean;
}

export const PASSWORD_RULES: Readonly<Record<PasswordPolicyName, PasswordRules>> = {
  asvs: { minLength: 12, minClasses: 0, expires: false },
  dengbao: { minLength: 8, minClasses: 3, expires: true },
};

const CLASSES: readonly RegExp[] = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{Lu}\p{Ll}\p{Nd}]/u];

/** Why this password may not be used (empty when it may), in Chinese. */
export function passwordProblems(
  policy: PasswordPolicyName,
  password: string,
  context: { username: string; isCommon: (password: string) => boolean },
): string[] {
  const rules = PASSWORD_RULES[policy];
  const problems: string[] = [];
  // characters as a person counts them (a Chinese character or an emoji is one)
  if ([...password].length < rules.minLength) problems.push(`密码至少需要 ${rules.minLength} 个字符`);
  if (rules.minClasses > 0 && CLASSES.filter((c) => c.test(password)).length < rules.minClasses) {
    problems.push(`密码需包含大写字母、小写字母、数字、特殊字符中的至少 ${rules.minClasses} 类`);
  }
  const username = context.username.trim().toLowerCase();
  if (username !== '' && password.toLowerCase().includes(username)) problems.push('密码不能包含用户名');
  if (context.isCommon(password.toLowerCase())) problems.push('该密码过于常见或已出现在泄露的密码库中，请换一个');
  return problems;
}

/** Whether a password set at `changedAt` must be changed now. */
export function passwordExpired(policy: PasswordPolicyName, changedAt: Date, now: Date, maxAgeDays: number): boolean {
  return PASSWORD_RULES[policy].expires && now.getTime() - changedAt.getTime() >= maxAgeDays * 86_400_000;
}
