/** 13812348000 → 138****8000; keeps the first 3 and last 4 digits. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return phone;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** 440000199001011234 → 4400**********1234. */
export function maskIdNumber(id: string | undefined): string | undefined {
  if (!id) return id;
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 张三丰 → 张**; keeps the family name only. */
export function maskName(name: string | undefined): string | undefined {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}
