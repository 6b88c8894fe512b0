import type { Order } from './state.js';

/** Exact wire bodies of PesaPal API 3.0 (docs/pesapal.md §2–§8), typos and string statuses included. */
export const wire = {
  error(errorType: string, code: string, message: string) {
    return { error: { error_type: errorType, code, message }, status: '500' };
  },
  invalidCredentials() {
    return {
      error: { error_type: 'api_error', code: 'invalid_consumer_key_or_secret_provided', message: '' },
      status: '500',
    };
  },
  /** Missing, unknown or expired bearer token: note there is no `status` member. */
  invalidToken() {
    return {
      error: {
        error_type: 'authentication_error',
        code: 'invalid_api_credentials_provided',
        message: 'Invalid Access Token',
      },
    };
  },
  invalidParameters(message: string) {
    return wire.error('invalid_request_error', 'invalid_api_request_parameters', message);
  },
};

const DESCRIPTIONS = { COMPLETED: 'Completed', FAILED: 'Failed', REVERSED: 'Reversed' } as const;
const CODES = { PENDING: 0, CANCELLED: 0, COMPLETED: 1, FAILED: 2, REVERSED: 3 } as const;

/** GetTransactionStatus for an order, in the shape of docs/pesapal.md §6 for its state. */
export function transactionStatusBody(order: Order): Record<string, unknown> {
  const callBackUrl = `${order.callbackUrl}?OrderTrackingId=${order.orderTrackingId}&OrderMerchantReference=${encodeURIComponent(order.merchantReference)}`;
  const unpaid = order.state === 'PENDING' || order.state === 'CANCELLED';
  const base = {
    payment_method: unpaid ? '' : order.paymentMethod,
    amount: order.amount,
    created_date: order.createdDate,
    confirmation_code: unpaid ? '' : order.confirmationCode,
    order_tracking_id: order.orderTrackingId,
    payment_status_description: unpaid ? 'INVALID' : DESCRIPTIONS[order.state as keyof typeof DESCRIPTIONS],
    description: order.state === 'FAILED' ? order.failureDescription : null,
    message: 'Request processed successfully',
    payment_account: unpaid ? '' : order.paymentAccount,
    call_back_url: callBackUrl,
    status_code: CODES[order.state],
    merchant_reference: order.merchantReference,
    account_number: null,
    payment_status_code: '',
    currency: order.currency,
  };
  if (unpaid) {
    return {
      ...base,
      error: {
        error_type: 'api_error',
        code: 'payment_details_not_found',
        message: 'Pending Payment',
        call_back_url: callBackUrl,
      },
      status: '500',
    };
  }
  return {
    ...base,
    error: { error_type: null, code: null, message: null, call_back_url: null },
    status: '200',
  };
}
