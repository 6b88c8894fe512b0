import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { registerDecorator, type ValidationOptions } from 'class-validator';

export const UGANDA_MOBILE_EXAMPLE = '+256772123456';

const EXPECTED = 'must be a Ugandan mobile number such as 0772 123 456 or +256 772 123 456';
const FOREIGN = 'must be a Ugandan number (+256): only Ugandan mobile numbers are accepted';
const NOT_MOBILE = 'must be a mobile number (07…), not a landline: for example 0772 123 456';

/** The mobile-money networks a payout can go to; other operators' numbers are valid but have none here. */
export type MobileNetwork = 'MTN' | 'Airtel';

/** Number ranges by operator (the national number's first two digits), as the regulator allocated them. */
const NETWORK_PREFIXES: Record<string, MobileNetwork> = {
  '76': 'MTN',
  '77': 'MTN',
  '78': 'MTN',
  '70': 'Airtel',
  '74': 'Airtel',
  '75': 'Airtel',
};

export type PhoneResult =
  { ok: true; e164: string; network: MobileNetwork | null } | { ok: false; message: string };

/**
 * Ugandan mobile numbers in local (07…) or international (+256 7…, 256 7…, 00256 7…) form → E.164.
 * The forms people write are read here; whether the digits are an allocated mobile range is
 * libphonenumber's numbering plan.
 */
export function normalizeUgandanMobile(raw: string): PhoneResult {
  const compact = raw.replace(/[\s.()-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, message: EXPECTED };

  let national = compact;
  const international = /^(?:\+|00)(\d+)$/.exec(compact);
  if (international) {
    if (!international[1].startsWith('256')) return { ok: false, message: FOREIGN };
    national = international[1].slice(3);
  } else if (/^256\d{9,10}$/.test(compact)) {
    national = compact.slice(3);
  }
  // The trunk 0 of local dialling, also written after the country code as in "+256 (0) 772 …".
  if (/^0\d{9}$/.test(national)) national = national.slice(1);
  if (!/^[1-9]\d{8}$/.test(national)) return { ok: false, message: EXPECTED };

  const parsed = parsePhoneNumberFromString(`+256${national}`);
  const type = parsed?.isValid() ? parsed.getType() : undefined;
  if (type === 'MOBILE') {
    return { ok: true, e164: parsed!.number, network: NETWORK_PREFIXES[national.slice(0, 2)] ?? null };
  }
  // A 07… number outside the allocated ranges is a typo; anything else is not a mobile number.
  return { ok: false, message: national.startsWith('7') ? EXPECTED : NOT_MOBILE };
}

/** Field validation with normalizeUgandanMobile's message; services store the normalised form. */
export function IsUgandanMobile(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isUgandanMobile',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizeUgandanMobile(value).ok,
        defaultMessage: (args) => {
          const result = typeof args?.value === 'string' ? normalizeUgandanMobile(args.value) : undefined;
          return `${args?.property} ${result && !result.ok ? result.message : EXPECTED}`;
        },
      },
    });
  };
}
