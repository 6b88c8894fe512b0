import { RevocationList, type RevocationSnapshot } from './revocation-list.js';

const WINDOW_MS = 16 * 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const U1 = '00000000-0000-4000-8000-0000000000a1';
const U2 = '00000000-0000-4000-8000-0000000000a2';
const EMPTY: RevocationSnapshot = { sessions: [], users: [] };

/** A list on a clock the test moves; `iat()` is a token issued now. */
function setup(snapshot: RevocationSnapshot = EMPTY) {
  let now = T0;
  const list = new RevocationList(WINDOW_MS, () => now);
  const load = (s: RevocationSnapshot = snapshot) => list.finishLoad(list.beginLoad(), s);
  return {
    list,
    load,
    advance: (ms: number) => (now += ms),
    iat: () => Math.floor(now / 1000),
  };
}

describe('RevocationList', () => {
  it('vouches for nothing until loaded', () => {
    const { list, load, iat } = setup();
    expect(list.ready).toBe(false);
    expect(list.check(S1, U1, iat())).toBe('unknown');
    expect(load()).toBe(true);
    expect(list.ready).toBe(true);
    expect(list.check(S1, U1, iat())).toBe('live');
  });

  it('answers from the snapshot: suspended and deleted users first, then ended sessions', () => {
    const { list, load, iat } = setup({
      sessions: [{ id: S1, at: new Date(T0 - 1000) }],
      users: [{ id: U2, status: 'suspended', at: new Date(T0 - 86_400_000) }],
    });
    load();
    expect(list.check(S1, U1, iat())).toBe('revoked');
    expect(list.check(S2, U1, iat())).toBe('live');
    expect(list.check(S1, U2, iat())).toBe('suspended');
  });

  it('applies notices: ends are final, a status can go back to active', () => {
    const { list, load, iat } = setup();
    load();
    list.apply({ kind: 'session', sessionId: S1 });
    list.apply({ kind: 'user', userId: U1, status: 'suspended' });
    expect(list.check(S1, U2, iat())).toBe('revoked');
    expect(list.check(S2, U1, iat())).toBe('suspended');
    list.apply({ kind: 'user', userId: U1, status: 'active' });
    expect(list.check(S2, U1, iat())).toBe('live');
    list.apply({ kind: 'user', userId: U1, status: 'deleted' });
    expect(list.check(S2, U1, iat())).toBe('deleted');
  });

  it('is idempotent: the same notice twice changes nothing', () => {
    const { list, load, iat } = setup();
    load();
    for (let i = 0; i < 2; i++) list.apply({ kind: 'session', sessionId: S1 });
    expect(list.size).toEqual({ revokedSessions: 1, inactiveUsers: 0 });
    expect(list.check(S1, U1, iat())).toBe('revoked');
  });

  it('refers tokens older than the window to the database', () => {
    const { list, load, iat, advance } = setup();
    load();
    const old = iat();
    advance(WINDOW_MS + 1000);
    expect(list.check(S1, U1, old)).toBe('unknown');
    expect(list.check(S1, U1, undefined)).toBe('unknown');
    expect(list.check(S1, U1, iat())).toBe('live');
  });

  it('forgets ends and deletions older than the window, never a suspension', () => {
    const { list, load, advance } = setup();
    load();
    list.apply({ kind: 'session', sessionId: S1 });
    list.apply({ kind: 'user', userId: U1, status: 'deleted' });
    list.apply({ kind: 'user', userId: U2, status: 'suspended' });
    advance(WINDOW_MS - 1);
    list.prune();
    expect(list.size).toEqual({ revokedSessions: 1, inactiveUsers: 2 });
    advance(2);
    list.prune();
    expect(list.size).toEqual({ revokedSessions: 0, inactiveUsers: 1 });
  });

  it('prunes by itself as tokens are checked', () => {
    const { list, load, advance, iat } = setup();
    load();
    list.apply({ kind: 'session', sessionId: S1 });
    advance(WINDOW_MS + 60_000);
    expect(list.check(S2, U1, iat())).toBe('live');
    expect(list.size.revokedSessions).toBe(0);
  });

  it('going down stops vouching and drops what was received for a load that will not finish', () => {
    const { list, load, iat } = setup();
    load();
    list.markDown();
    expect(list.check(S1, U1, iat())).toBe('unknown');
    list.apply({ kind: 'user', userId: U1, status: 'suspended' });
    list.markDown();
    load();
    expect(list.check(S1, U1, iat())).toBe('live');
  });

  it('replays the notices received during a load over its snapshot, in order', () => {
    const { list, iat } = setup();
    const epoch = list.beginLoad();
    // The snapshot was read while these committed: it may say "suspended" although "active" came after.
    list.apply({ kind: 'user', userId: U1, status: 'suspended' });
    list.apply({ kind: 'user', userId: U1, status: 'active' });
    list.apply({ kind: 'session', sessionId: S2 });
    expect(list.check(S2, U2, iat())).toBe('unknown');
    list.finishLoad(epoch, { sessions: [], users: [{ id: U1, status: 'suspended', at: new Date(T0) }] });
    expect(list.check(S1, U1, iat())).toBe('live');
    expect(list.check(S2, U2, iat())).toBe('revoked');
  });

  it('ignores a load that was overtaken by a disconnection', () => {
    const { list, iat } = setup();
    const epoch = list.beginLoad();
    list.markDown();
    expect(list.finishLoad(epoch, EMPTY)).toBe(false);
    expect(list.ready).toBe(false);
    expect(list.check(S1, U1, iat())).toBe('unknown');
  });

  it('keeps its own session ends, even those made while it was loading', () => {
    const { list, iat } = setup();
    const epoch = list.beginLoad();
    list.revokeSession(S1);
    list.finishLoad(epoch, EMPTY);
    expect(list.check(S1, U1, iat())).toBe('revoked');
    list.revokeSession(S2);
    expect(list.check(S2, U1, iat())).toBe('revoked');
  });

  describe('its own user status changes', () => {
    it('applies one before its notice arrives', () => {
      const { list, load, iat } = setup();
      load();
      const mark = list.markUser();
      list.applyUserChange(mark, U1, 'suspended');
      expect(list.check(S1, U1, iat())).toBe('suspended');
      list.apply({ kind: 'user', userId: U1, status: 'suspended' });
      expect(list.check(S1, U1, iat())).toBe('suspended');
    });

    it('never lets a late one overwrite a newer notice', () => {
      const { list, load, iat } = setup();
      load();
      const mark = list.markUser();
      // Its own notice, then another instance's reactivation, both before the local apply ran.
      list.apply({ kind: 'user', userId: U1, status: 'suspended' });
      list.apply({ kind: 'user', userId: U1, status: 'active' });
      list.applyUserChange(mark, U1, 'suspended');
      expect(list.check(S1, U1, iat())).toBe('live');
    });

    it('is not held back by notices about other users', () => {
      const { list, load, iat } = setup();
      load();
      const mark = list.markUser();
      list.apply({ kind: 'user', userId: U2, status: 'suspended' });
      list.applyUserChange(mark, U1, 'suspended');
      expect(list.check(S1, U1, iat())).toBe('suspended');
    });

    it('is dropped when the list went down or reloaded since the mark', () => {
      const { list, load, iat } = setup();
      load();
      const mark = list.markUser();
      list.markDown();
      list.applyUserChange(mark, U1, 'suspended');
      load();
      list.applyUserChange(mark, U1, 'suspended');
      expect(list.check(S1, U1, iat())).toBe('live');
    });
  });
});
