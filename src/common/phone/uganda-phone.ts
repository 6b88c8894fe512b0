import { registerDecorator, type ValidationOptions } from 'class-validator';

export const UGANDA_MOBILE_EXAMPLE = '+256772123456';
const EXPECTED = 'must be a Ugandan mobile number such as 0772 123 456 or +256 772 123 456';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/** Ugandan mobile numbers in local (07…) or international (+256 7…, 256 7…, 00256 7…) form → E.164. */
export function normalizeUgandanMobile(raw: string): PhoneResult {
  const compact = raw.trim().replace(/[\s\-.()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, message: EXPECTED };

  let national: string;
  if (compact.startsWith('+256')) national = compact.slice(4);
  else if (compact.startsWith('00256')) national = compact.slice(5);
  else if (compact.startsWith('256') && compact.length === 12) national = compact.slice(3);
  else if (compact.startsWith('+') || compact.startsWith('00')) {
    return {
      ok: false,
      message: 'must be a Ugandan number (+256); only Ugandan mobile numbers are accepted',
    };
  } else if (compact.startsWith('0')) national = compact.slice(1);
  else national = compact;

  // "+256 (0) 772 …": a trunk 0 written after the country code.
  if (national.length === 10 && national.startsWith('0')) national = national.slice(1);
  if (national.length !== 9) return { ok: false, message: EXPECTED };
  if (!national.startsWith('7')) {
    return {
      ok: false,
      message: 'must be a mobile number (07…); landline numbers cannot receive mobile money',
    };
  }
  return { ok: true, e164: `+256${national}` };
}

/** Field validation with normalizeUgandanMobile's message; services store the normalised form. */
export function IsUgandanMobile(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isUgandanMobile',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
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
