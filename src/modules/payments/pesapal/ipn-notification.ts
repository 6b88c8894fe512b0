/** The three identifiers PesaPal sends to the IPN URL and adds to the callback URL (docs/pesapal.md §5). */
export interface PesapalNotification {
  orderTrackingId: string | null;
  orderMerchantReference: string | null;
  orderNotificationType: string | null;
}

/**
 * Reads the notification from the query string and/or the body (JSON or form), with keys in any case:
 * PesaPal's POST body format is not documented precisely, so we accept every reasonable shape.
 */
export function readNotification(...sources: unknown[]): PesapalNotification {
  const found: Record<string, string> = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      const normalised = key.toLowerCase();
      if (typeof value === 'string' && value.trim() !== '' && !(normalised in found)) {
        found[normalised] = value.trim().slice(0, 200);
      }
    }
  }
  return {
    orderTrackingId: found.ordertrackingid ?? null,
    orderMerchantReference: found.ordermerchantreference ?? null,
    orderNotificationType: found.ordernotificationtype ?? null,
  };
}

/** The acknowledgement PesaPal expects: the identifiers echoed in camelCase and a numeric status. */
export function acknowledgement(notification: PesapalNotification, processed: boolean) {
  return {
    orderNotificationType: notification.orderNotificationType ?? 'IPNCHANGE',
    orderTrackingId: notification.orderTrackingId ?? '',
    orderMerchantReference: notification.orderMerchantReference ?? '',
    status: processed ? 200 : 500,
  };
}
