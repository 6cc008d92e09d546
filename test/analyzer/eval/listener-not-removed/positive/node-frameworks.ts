/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import { queue } from './queue';
import { metrics } from './metrics';

const fastify = Fastify();

fastify.get('/jobs/:id/stream', async (request, reply) => {
  const onProgress = (p: { id: string; pct: number }) => {
    if (p.id === (request.params as { id: string }).id) reply.raw.write(`${p.pct}\n`);
  };
  queue.on('progress', onProgress); // expect: listener-not-removed
  return reply;
});

const app = new Koa();
const router = new Router();
router.post('/upload', async (ctx) => {
  metrics.addListener('flush', () => ctx.log?.info('flushed')); // expect: listener-not-removed
  ctx.body = { ok: true };
});
app.use(router.routes());

export default fastify;
