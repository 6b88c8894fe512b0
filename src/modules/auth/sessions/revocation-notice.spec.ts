import { parseRevocationNotice } from './revocation-notice.js';

const SESSION = '0b9a3c4e-2f1d-4c1b-9a57-3d2f6e1b8c90';
const USER = '5d0c1f7e-8a2b-4c3d-9e4f-1a2b3c4d5e6f';

describe('parseRevocationNotice', () => {
  it('reads an ended session', () => {
    expect(parseRevocationNotice(`s:${SESSION}`)).toEqual({ kind: 'session', sessionId: SESSION });
  });

  it.each(['active', 'suspended', 'deleted'] as const)('reads a user who became %s', (status) => {
    expect(parseRevocationNotice(`u:${USER}:${status}`)).toEqual({ kind: 'user', userId: USER, status });
  });

  it.each([
    '',
    's:',
    `s:${SESSION}:extra`,
    `S:${SESSION}`,
    `s:${SESSION.toUpperCase()}`,
    's:not-a-uuid',
    `u:${USER}`,
    `u:${USER}:banned`,
    `u:${USER}:active:1`,
    `x:${SESSION}`,
    ` s:${SESSION}`,
  ])('refuses %j', (payload) => {
    expect(parseRevocationNotice(payload)).toBeUndefined();
  });
});
