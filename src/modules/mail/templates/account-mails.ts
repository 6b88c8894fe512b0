import { renderActionMail, type RenderedMail } from './layout.js';

export function verifyEmailMail(input: { name: string; url: string }): RenderedMail {
  return renderActionMail({
    subject: 'Confirm your email for Qgig',
    name: input.name,
    paragraphs: [
      'Welcome to Qgig. Please confirm this is your email address; the link is valid for 24 hours.',
    ],
    action: { label: 'Confirm my email', url: input.url },
    footer: 'If you did not create a Qgig account, ignore this message.',
  });
}

export function resetPasswordMail(input: { name: string; url: string }): RenderedMail {
  return renderActionMail({
    subject: 'Reset your Qgig password',
    name: input.name,
    paragraphs: [
      'Someone (hopefully you) asked to reset the password of your Qgig account.',
      'The link works once and expires in one hour. Resetting signs you out on every device.',
    ],
    action: { label: 'Choose a new password', url: input.url },
    footer: 'If you did not ask for this, ignore this message: your password stays as it is.',
  });
}
