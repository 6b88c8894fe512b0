import { EMAIL_NOTIFICATION_TYPES, renderNotificationEmail } from './notification-emails.js';

describe('notification emails', () => {
  it.each(EMAIL_NOTIFICATION_TYPES)('%s renders text and HTML with a link into the SPA', (type) => {
    const mail = renderNotificationEmail(
      { type, title: 'Subject line', body: 'The <details>.', data: { jobId: 'j1', transactionId: 't1' } },
      'Grace',
      'https://app.qgig.ug',
    );
    expect(mail.subject).toBe('Subject line');
    expect(mail.text).toContain('Hello Grace,');
    expect(mail.text).toContain('The <details>.');
    expect(mail.text).toMatch(/https:\/\/app\.qgig\.ug\/\S+/);
    expect(mail.html).toContain('The &lt;details&gt;.');
    expect(mail.html).toContain('href="https://app.qgig.ug/');
  });

  it('links job events to the job and payment events to the payment', () => {
    const render = (type: string) =>
      renderNotificationEmail(
        { type, title: 't', body: 'b', data: { jobId: 'j1', transactionId: 't1' } },
        'G',
        'https://x.ug',
      );
    expect(render('job.accepted').text).toContain('https://x.ug/jobs/j1');
    expect(render('payment.completed').text).toContain('https://x.ug/payments/t1');
  });
});
