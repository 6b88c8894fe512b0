import { acknowledgement, readNotification } from './ipn-notification.js';

describe('PesaPal notifications', () => {
  it('reads PascalCase, camelCase or lower-case keys from query or body', () => {
    const expected = {
      orderTrackingId: 'b1c2',
      orderMerchantReference: 'QG-1',
      orderNotificationType: 'IPNCHANGE',
    };
    expect(
      readNotification({
        OrderTrackingId: 'b1c2',
        OrderMerchantReference: 'QG-1',
        OrderNotificationType: 'IPNCHANGE',
      }),
    ).toEqual(expected);
    expect(
      readNotification(
        {},
        { orderTrackingId: 'b1c2', ordermerchantreference: 'QG-1', ORDERNOTIFICATIONTYPE: 'IPNCHANGE' },
      ),
    ).toEqual(expected);
  });

  it('prefers the first source and ignores blanks and non-strings', () => {
    expect(readNotification({ OrderTrackingId: ' ' }, { OrderTrackingId: 'x' }).orderTrackingId).toBe('x');
    expect(readNotification({ OrderTrackingId: 42 }, undefined, 'text').orderTrackingId).toBeNull();
  });

  it('acknowledges with the camelCase echo and a numeric status', () => {
    const notification = readNotification({ OrderTrackingId: 'b1c2', OrderMerchantReference: 'QG-1' });
    expect(acknowledgement(notification, true)).toEqual({
      orderNotificationType: 'IPNCHANGE',
      orderTrackingId: 'b1c2',
      orderMerchantReference: 'QG-1',
      status: 200,
    });
    expect(acknowledgement(notification, false).status).toBe(500);
  });
});
