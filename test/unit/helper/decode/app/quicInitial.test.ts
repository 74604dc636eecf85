import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientInitialKeys } from '../../../../../src/helper/decode/app/quicInitial';
import { hex } from '../../../../fixtures/handMadeFrames';

describe('QUIC initial keys', () => {
  it('derive the client key, IV and header-protection key of RFC 9001 appendix A.1', () => {
    const keys = clientInitialKeys(1, hex('8394c8f03e515708'))!;
    assert.equal(keys.key.toString('hex'), '1f369613dd76d5467730efcbe3b1a22d');
    assert.equal(keys.iv.toString('hex'), 'fa044b2f42a3fd3b46fb255c');
    assert.equal(keys.hp.toString('hex'), '9f50449e04a0e810283a1e9933adedd2');
  });

  it('are unknown for versions without published initial salts', () => {
    assert.equal(clientInitialKeys(0xff00001d, hex('8394c8f03e515708')), undefined);
  });
});
