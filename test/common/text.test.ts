import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { safe, terminalText } from '../../src/common/text';
import { table } from '../../src/cli/format';

const HOSTILE = [
  '\u001b[2J\u001b[H', // clear the screen
  '\u001b]0;owned\u0007', // set the window title (OSC)
  '\u001b]52;c;aGk=\u0007', // write the clipboard (OSC 52)
  '\u009b31m', // C1 CSI
  '\u009d0;t\u009c', // C1 OSC … ST
  'ok\r\nretainer-lens: forged line', // a forged output line
  'abc\u202edef', // bidi override
  'a\u2028b', // line separator
];

test('terminal text: no control sequence, line break or bidi override reaches the terminal', () => {
  for (const input of HOSTILE) {
    const out = terminalText(input);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/, JSON.stringify(out));
  }
  assert.equal(terminalText('ok\r\nx'), 'ok\\r\\nx');
  assert.equal(terminalText('\u001b[2J'), '\\e[2J');
  assert.equal(terminalText('x'.repeat(5000)).length, 2001);
});

test('every CLI printer escapes what a snapshot named: tables and interpolated lines', () => {
  for (const input of HOSTILE) {
    // eslint-disable-next-line no-control-regex
    const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/;
    assert.doesNotMatch(table(['class'], [[input]]), bad);
    assert.equal(table(['class'], [[input]]).split('\n').length, 2, 'one row stays one line');
    assert.doesNotMatch(safe`${input} @${12}`, bad);
    assert.ok(!safe`${input}`.includes('\n'));
  }
});
