/** How an AT command session reads what a modem says: answers, unsolicited codes in between, prompts, errors, silence. */
import { describe, expect, it } from 'vitest';
import { AtCommandError, AtSession, type UnsolicitedResult } from '../../hub/sms/gateways/at-session.ts';

function session() {
  const written: string[] = [];
  const unsolicited: UnsolicitedResult[] = [];
  const at = new AtSession(
    async (data) => void written.push(data),
    (result) => unsolicited.push(result),
  );
  const modem = (text: string) => at.push(Buffer.from(text, 'latin1'));
  return { at, written, unsolicited, modem };
}

describe('AtSession', () => {
  it('gathers the answer lines, drops the echo, and sets aside unsolicited codes that arrive in the middle', async () => {
    const { at, unsolicited, modem } = session();
    const answer = at.run('AT+CMGL=4', { timeoutMs: 1_000 });
    modem('AT+CMGL=4\r\r\n+CMGL: 1,0,,5\r\n0011AA\r\n+CMTI: "SM",2\r\n+CMT: ,22\r\n07911326\r\n+CMGL: 2,1,,5\r\n');
    modem('0011BB\r\n\r\nOK\r\n');
    expect(await answer).toEqual(['+CMGL: 1,0,,5', '0011AA', '+CMGL: 2,1,,5', '0011BB']);
    expect(unsolicited).toEqual([{ line: '+CMTI: "SM",2' }, { line: '+CMT: ,22', data: '07911326' }]);
  });

  it('takes +CREG: as the answer to AT+CREG? and as unsolicited otherwise', async () => {
    const { at, unsolicited, modem } = session();
    const answer = at.run('AT+CREG?', { timeoutMs: 1_000 });
    modem('\r\n+CREG: 0,1\r\n\r\nOK\r\n\r\n+CREG: 5\r\n');
    expect(await answer).toEqual(['+CREG: 0,1']);
    expect(unsolicited).toEqual([{ line: '+CREG: 5' }]);
  });

  it('sends the body after the prompt, ended by Ctrl-Z, and returns +CMGS', async () => {
    const { at, written, modem } = session();
    const answer = at.run('AT+CMGS=18', { timeoutMs: 1_000, body: '0011FF' });
    expect(written).toEqual(['AT+CMGS=18\r']);
    modem('\r\n> ');
    expect(written).toEqual(['AT+CMGS=18\r', '0011FF\x1a']);
    modem('\r\n+CMGS: 7\r\n\r\nOK\r\n');
    expect(await answer).toEqual(['+CMGS: 7']);
  });

  it('fails with the code of +CMS ERROR and +CME ERROR, and with ERROR', async () => {
    const { at, modem } = session();
    const cms = at.run('AT+CMGR=9', { timeoutMs: 1_000 });
    const cme = at.run('AT+CPIN="0000"', { timeoutMs: 1_000 });
    const plain = at.run('AT+FOO', { timeoutMs: 1_000 });
    modem('\r\n+CMS ERROR: 321\r\n');
    modem('\r\n+CME ERROR: 16\r\n');
    modem('\r\nERROR\r\n');
    await expect(cms).rejects.toMatchObject({ kind: 'cms', code: 321 });
    await expect(cme).rejects.toMatchObject({ kind: 'cme', code: 16 });
    await expect(plain).rejects.toMatchObject({ kind: 'error', code: undefined });
  });

  it('times out on silence, sends ESC to a modem that never prompted, and goes on with the next command', async () => {
    const { at, written, modem } = session();
    const silent = at.run('AT+CMGS=18', { timeoutMs: 30, body: '00' });
    const next = at.run('AT', { timeoutMs: 1_000 });
    const error = await silent.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AtCommandError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'The modem did not answer AT+CMGS=18 within 30 ms' });
    expect(written).toEqual(['AT+CMGS=18\r', '\x1b', 'AT\r']);
    modem('\r\nOK\r\n');
    expect(await next).toEqual([]);
  });

  it('puts an urgent command ahead of the queue and fails everything on abort', async () => {
    const { at, written, modem } = session();
    const first = at.run('AT', { timeoutMs: 1_000 });
    const queued = at.run('AT+CMGD=1', { timeoutMs: 1_000 });
    const urgent = at.run('AT+CNMA', { timeoutMs: 1_000, urgent: true });
    modem('\r\nOK\r\n');
    await first;
    expect(written).toEqual(['AT\r', 'AT+CNMA\r']);
    modem('\r\nOK\r\n');
    await urgent;
    at.abort('The serial port closed');
    await expect(queued).rejects.toMatchObject({ kind: 'closed', message: 'The serial port closed' });
  });
});
