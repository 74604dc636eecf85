import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { socketsWriter } from '../../../../src/extension/sockets/socketsWriter';
import { SocketsState } from '../../../../src/shared/sockets/socketsState';
import { HOSTILE_PROCESS, processesTick, T0 } from '../../../fixtures/socketFixtures';

function state(): SocketsState {
  const result = new SocketsState();
  result.reset(processesTick(1));
  return result;
}

describe('connections export', () => {
  it('writes CSV with the table’s columns, values as numbers, formula-safe text', () => {
    const writer = socketsWriter(state(), 'csv', T0 + 5000);
    const rows = state().sortedRows();
    const text = writer.head + writer.rows(rows, true) + writer.tail;
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'PID,Process,Proto,State,Local,Remote,Name,Sent,Received,↑/↓ per s,RTT,Retrans,Duration');
    assert.equal(lines.length, 6);
    assert.ok(lines.some((line) => line.startsWith('100,node,tcp,refused,10.213.81.1:40100,10.213.81.11:7001,,0,0,')));
    assert.ok(
      lines.some((line) => line.includes(`200,${HOSTILE_PROCESS},`)),
      'not a formula, no quotes needed',
    );
  });

  it('writes JSON with the rows as held, the processes and extra fields', () => {
    const writer = socketsWriter(state(), 'json', T0, { debug: { name: 'Launch' } });
    const parsed = JSON.parse(writer.head + writer.rows(state().sortedRows(), true) + writer.tail) as {
      table: string;
      debug: { name: string };
      processes: unknown[];
      rows: { id: string; outcome?: string }[];
    };
    assert.equal(parsed.table, 'connections');
    assert.equal(parsed.debug.name, 'Launch');
    assert.equal(parsed.processes.length, 3);
    assert.deepEqual(parsed.rows.map((row) => row.id).sort(), ['a1', 'a2', 'b1', 'c1']);
  });
});
