// `retainer-lens leaks` as a new user runs it on three leaky services it has never seen (fixtures/services,
// captured over the inspector around 100 rounds of real requests, one inspector session per snapshot): the
// default output (top 10) must name all twelve planted leaks by their holders, with the code line, and show
// no clean object.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';
import { SERVICES, serviceSnapshots } from './services/runService';

async function leaksText(service: string): Promise<string> {
  const files = await serviceSnapshots(service, SERVICES[service]);
  let out = '';
  const code = await runCli(['leaks', files.baseline, files.target, files.final], {
    out: (t) => {
      out += t + '\n';
    },
    err: (t) => {
      out += `stderr: ${t}\n`;
    },
    cwd: files.source,
  });
  assert.equal(code, 0, out);
  return out;
}

/** The block of one top-level group (its rank line to the next rank line). */
function block(text: string, title: RegExp): string {
  const blocks = text.split(/\n(?= {0,1}\d+\. )/);
  const found = blocks.filter((b) => title.test(b.split('\n')[0]));
  assert.equal(found.length, 1, `one group titled ${title} in:\n${text}`);
  return found[0];
}

describe('retainer-lens leaks on unseen leaky services: every planted leak named', { timeout: 300_000 }, () => {
  const text: Record<string, string> = {};
  before(async () => {
    for (const service of ['catalog', 'pricing', 'sessions']) text[service] = await leaksText(service);
  });

  it('catalog: the chain is one group, next to the array, the socket Map and the listener keeping `this`', () => {
    const t = text.catalog;
    const chain = block(t, /100 links of DirectorySnapshot via describe → context → previous .*snapshots\.js:6:14$/);
    assert.match(chain, /held by {2}variable `latest` captured by refreshListing\(\)/);
    assert.match(
      chain,
      /path {5}\(GC roots\) → … → snapshots\.js → refreshListing\(\) → latest → \(describe → previous\)\+/,
    );
    assert.match(chain, /objects {2}(@\d+ ){4}@\d+ \(5 of 100\)/);
    assert.equal(t.match(/DirectorySnapshot/g)?.length, 1, 'one line names the chain');
    assert.match(block(t, /100 × AuditRecord .*audit\.js:5:14$/), /held by {2}element of array `auditTrail`/);
    assert.match(block(t, /100 × Socket .*connections\.js:14:22$/), /held by {2}key in Map `statsBySocket`/);
    assert.match(block(t, /100 × ConnectionStats /), /held by {2}value in Map `statsBySocket`/);
    const listener = block(t, /100 × \(anonymous\)\(\) .*previews\.js:13:25$/);
    assert.match(listener, /held by {2}listener \(anonymous\)\(\) for 'change' on `themes`/);
    assert.match(
      listener,
      /└ 100 × PreviewPanel .*\n +held by {2}variable `this` captured by \(anonymous\)\(\), a listener for 'change' on `themes`/,
    );
  });

  it('pricing: the leaking listener of three by name and line, the timer, the numeric-keyed object, the global', () => {
    const t = text.pricing;
    const ticks = block(t, /100 × onPriceTick\(\) .*ticker\.js:29:23$/);
    assert.match(ticks, /held by {2}listener onPriceTick\(\) for 'tick' on `ticker`/);
    assert.match(ticks, /└ 100 × PriceWatch .*\n +held by {2}variable `watch` captured by onPriceTick\(\)/);
    for (const clean of ['recordTick', 'updateIndex', 'onFirstTick']) assert.doesNotMatch(t, new RegExp(clean));
    const timer = block(t, /100 × Timeout .*poller\.js:13:33$/);
    assert.match(timer, /held by {2}timer calling pollStock\(\)/);
    assert.match(timer, /└ 100 × StockPoll .*\n +held by {2}variable `poll` captured by pollStock\(\), a timer/);
    assert.match(block(t, /100 × PricePoint .*history\.js:5:14$/), /held by {2}entry of Object `priceHistory`/);
    assert.match(
      block(t, /100 × Trade .*trades\.js:3:14$/),
      /held by {2}global variable `tradeLog`|element of array `tradeLog`/,
    );
  });

  it('sessions: the timer pinning a buffer, the request-keyed Map, the class registry, the promise reactions', () => {
    const t = text.sessions;
    const timer = block(t, /100 × Timeout .*uploads\.js:9:14$/);
    assert.match(timer, /└ 100 × Buffer .*\n +held by {2}variable `payload` captured by \(anonymous\)\(\), a timer/);
    assert.match(block(t, /100 × IncomingMessage .*sessions\.js:14:22$/), /held by {2}key in Map `sessionsByRequest`/);
    assert.match(block(t, /100 × Session .*sessions\.js:5:14$/), /held by {2}value in Map `sessionsByRequest`/);
    assert.match(block(t, /100 × ExportJob .*jobs\.js:6:14$/), /held by {2}element of array `ExportJob\.all`/);
    const retries = block(t, /100 × retryWhenReady\(\) .*retries\.js:17:44$/);
    assert.match(retries, /held by {2}reaction retryWhenReady\(\) on promise `serviceReady`/);
    assert.match(retries, /└ 100 × RetryAttempt /);
  });

  it('no clean object in any group, and a legend for the notation', () => {
    for (const t of Object.values(text)) {
      for (const clean of ['Lookup', 'Quote', 'Sample', 'recent', 'ring'])
        assert.doesNotMatch(t, new RegExp(`\\b${clean}\\b`));
      assert.match(t, /\nLegend:\n {2}\(GC roots\) → … → +the runtime’s own objects/);
      assert.doesNotMatch(t, /smaller groups/, 'everything fits in the default top 10');
    }
  });
});
