import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

let t: TestKeyway;
let manager: string;
beforeAll(async () => {
  t = await startTestKeyway();
  manager = await t.login(MANAGER);
});
afterAll(() => t.close());

const keypad = async (name: string, code: string) => {
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as {
    lockId: string;
    name: string;
  }[];
  const lockId = locks.find((l) => l.name === name)!.lockId;
  return (await t.request('POST', `/api/v1/sim/locks/${lockId}/keypad`, { token: manager, body: { code } })).json()
    .unlocked as boolean;
};

describe('staff and vendor codes', () => {
  it('are generated for the community doors, masked in lists, revealed with an audit entry, and revocable', async () => {
    const created = await t.request('POST', '/api/v1/staff-codes', {
      token: manager,
      body: { name: 'Pool service', kind: 'vendor' },
    });
    expect(created.statusCode).toBe(201);
    const code = created.json().staffCode;
    expect(code.code).toMatch(/^\d{4}$/);
    expect(code.doors.map((d: { name: string }) => d.name).sort()).toEqual(['Lobby', 'Main Gate', 'Pool']);
    await eventually(async () => (await keypad('Pool', code.code)) || undefined);

    const list = (await t.request('GET', '/api/v1/staff-codes', { token: manager })).json().staffCodes;
    expect(list[0]).toMatchObject({ name: 'Pool service', kind: 'vendor', code: '••••' });
    expect(JSON.stringify(list)).not.toContain(code.code);

    const revealed = await t.request('POST', `/api/v1/staff-codes/${code.id}/reveal`, { token: manager });
    expect(revealed.json().staffCode.code).toBe(code.code);
    const audit = (await t.request('GET', '/api/v1/activity?type=staff_code.revealed', { token: manager })).json()
      .activity;
    expect(audit[0].text).toMatch(/Morgan Reyes revealed the staff code of Pool service/);

    const alex = await t.login(ALEX);
    expect((await t.request('GET', '/api/v1/staff-codes', { token: alex })).json().error.code).toBe('forbidden');
    expect((await t.request('POST', `/api/v1/staff-codes/${code.id}/reveal`, { token: alex })).json().error.code).toBe(
      'forbidden',
    );

    await t.request('DELETE', `/api/v1/staff-codes/${code.id}`, { token: manager });
    await eventually(async () => !(await keypad('Pool', code.code)) || undefined);
  });

  it('refuses bad input with a code', async () => {
    for (const body of [
      { name: '', kind: 'staff' },
      { name: 'X', kind: 'janitor' },
      { name: 'X', kind: 'staff', code: '1234' },
      { name: 'X', kind: 'staff', startsAt: 'soon' },
    ]) {
      const response = await t.request('POST', '/api/v1/staff-codes', { token: manager, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });

  it('lists units with their doors and current residents', async () => {
    const units = (await t.request('GET', '/api/v1/units', { token: manager })).json().units;
    expect(units).toEqual([
      expect.objectContaining({
        name: '101',
        doors: [{ accessPointId: expect.any(String), name: 'Unit 101 Front Door', connectivity: 'hub' }],
        currentResidents: [{ personId: expect.any(String), name: 'Alex Kim' }],
      }),
      expect.objectContaining({
        name: '102',
        doors: [{ accessPointId: expect.any(String), name: 'Unit 102 Front Door', connectivity: 'bluetooth' }],
        currentResidents: [{ personId: expect.any(String), name: 'Blair Okafor' }],
      }),
    ]);
  });
});
