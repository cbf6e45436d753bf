// French public identifiers: SIREN/SIRET (INSEE, Luhn check digit) and UAI (Ministry of
// Education: 7 digits and a check letter, the number mod 23 in an alphabet without I, O, Q).

/** Appends the digit that makes `digits` + d pass the Luhn test, as SIREN and SIRET do. */
export function luhnComplete(digits: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(digits + d)) return digits + d;
  throw new Error('unreachable: one of ten digits always completes a Luhn number');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const UAI = /^(\d{7})([A-Z])$/;

/** The UAI check letter of a 7-digit number. */
export function uaiCheckLetter(digits: string): string {
  return UAI_LETTERS[Number(digits) % 23] as string;
}

export function isUai(code: string): boolean {
  const m = UAI.exec(code);
  return m !== null && uaiCheckLetter(m[1] as string) === m[2];
}
