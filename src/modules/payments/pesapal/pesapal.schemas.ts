import { z } from 'zod';

/**
 * What we accept from PesaPal (docs/pesapal.md §2–§8): tolerant where the wire varies (amounts as
 * numbers or strings, `error_type` or `type`, misspelt keys), strict where we act on a value.
 */
const errorObject = z
  .object({
    error_type: z.string().nullish(),
    type: z.string().nullish(),
    code: z.string().nullish(),
    message: z.string().nullish(),
  })
  .passthrough()
  .nullish();

export const envelope = z
  .object({ status: z.union([z.string(), z.number()]).nullish(), error: errorObject })
  .passthrough();
export type Envelope = z.infer<typeof envelope>;

export const tokenResponse = envelope.extend({ token: z.string().min(1), expiryDate: z.string().min(1) });

export const ipnRegistration = envelope.extend({ url: z.string(), ipn_id: z.string().min(1) });
export const ipnList = z.array(z.object({ url: z.string(), ipn_id: z.string().min(1) }).passthrough());

export const orderResponse = envelope.extend({
  order_tracking_id: z.string().min(1),
  merchant_reference: z.string().nullish(),
  redirect_url: z.string().url(),
});

const decimal = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);

export const transactionStatus = envelope.extend({
  status_code: z.number().int().min(0).max(3).nullish(),
  payment_status_description: z.string().nullish(),
  payment_method: z.string().nullish(),
  amount: decimal.nullish(),
  currency: z.string().nullish(),
  confirmation_code: z.string().nullish(),
  payment_account: z.string().nullish(),
  merchant_reference: z.string().nullish(),
  order_tracking_id: z.string().nullish(),
  description: z.string().nullish(),
});

export const simpleResult = z
  .object({ status: z.union([z.string(), z.number()]), message: z.string().nullish() })
  .passthrough();
