import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const CODE_LENGTH = 12;

/**
 * A new incident or update code: 12 lowercase alphanumerics from the CSPRNG, as Statuspage's
 * ids are ("t338nyx801f7"). 36^12 ≈ 4.7e18, so a clash on one page is not a practical concern.
 */
export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET.charAt(randomInt(ALPHABET.length));
  return code;
}

export function isCode(value: string): boolean {
  return /^[a-z0-9]{12}$/.test(value);
}
