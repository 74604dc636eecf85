import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanHostname, unescapeDnsName } from '../../../../src/helper/scan/reverseName';

test('names from the resolver lose its presentation-format escapes', () => {
  assert.equal(unescapeDnsName('<img src=x onerror=alert\\(1\\)>'), '<img src=x onerror=alert(1)>');
  assert.equal(unescapeDnsName('a\\032b\\.c\\\\d.lab'), 'a b.c\\d.lab');
  assert.equal(unescapeDnsName('nas.lab'), 'nas.lab');
  // An escaped control character is still refused once unescaped.
  assert.equal(cleanHostname(unescapeDnsName('evil\\007.lab')), undefined);
});
