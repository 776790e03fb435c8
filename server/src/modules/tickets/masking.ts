// How a caller's identity shows before anyone reveals it (Tianjin 2025 §28–§29: personal data is
// shown only as far as the work needs). The mask keeps enough to tell two callers apart on a call.

/** 张三丰 → 张**: the surname only; the mask's length does not give the name's away. */
export function maskName(name: string): string {
  const [first] = [...name.trim()];
  return first === undefined ? '' : `${first}**`;
}

/** 13812345678 → 138****5678; short numbers keep only their last digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return '*'.repeat(digits.length);
}
