import { paymentMethodName } from './receipt-pdf.js';
import { receiptNumber } from './receipts.service.js';

describe('receipt numbers', () => {
  it('are QG-YYYY-NNNNNN, growing past six digits rather than wrapping', () => {
    expect(receiptNumber(2026, 1)).toBe('QG-2026-000001');
    expect(receiptNumber(2026, 123_456)).toBe('QG-2026-123456');
    expect(receiptNumber(2026, 1_000_000)).toBe('QG-2026-1000000');
  });

  it('name PesaPal’s methods as payers know them', () => {
    expect(paymentMethodName('MTNUG')).toBe('MTN Mobile Money');
    expect(paymentMethodName('AIRTELUG')).toBe('Airtel Money');
    expect(paymentMethodName('Visa')).toBe('Visa card');
    expect(paymentMethodName('SomethingNew')).toBe('SomethingNew');
    expect(paymentMethodName(null)).toBe('PesaPal');
  });
});
