// NAF rév. 2 activity codes (INSEE) from @socialgouv/codes-naf: labels for organisation sectors.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NAF = new Map((require('@socialgouv/codes-naf/index.json') as Array<{ id: string; label: string }>).map((n) => [n.id, n.label]));

/** The label of a NAF code such as `62.01Z`, or undefined when the code does not exist. */
export function nafLabel(code: string): string | undefined {
  return NAF.get(code);
}
/** NAF sub-class codes look like `62.01Z`. */
export function isNafCode(code: string): boolean {
  return /^\d{2}\.\d{2}[A-Z]$/.test(code) && NAF.has(code);
}
