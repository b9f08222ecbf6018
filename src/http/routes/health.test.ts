import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../store/database.ts';
import { healthRoutes, type Readiness } from './health.ts';

const answering = { execute: async () => ({ rows: [] }) } as unknown as Db;
const failing = {
  execute: async () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
  },
} as unknown as Db;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function ready(db: Db, readiness?: Readiness) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthRoutes(db, readiness));
  close = () => app.close();
  return app.inject({ method: 'GET', url: '/health/ready' });
}

const allUp: Readiness = { accepting: () => true, broker: () => true, queue: () => true };

describe('GET /health/ready', () => {
  it('is 200 when database, broker and queue are all usable', async () => {
    const response = await ready(answering, allUp);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ready: true,
      draining: false,
      checks: { database: 'ok', broker: 'ok', queue: 'ok' },
    });
  });

  it('is 503 naming the failed check, and nothing of the error', async () => {
    const database = await ready(failing, allUp);
    expect(database.statusCode).toBe(503);
    expect(database.json().checks).toEqual({ database: 'failed', broker: 'ok', queue: 'ok' });
    expect(database.body).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);

    const broker = await ready(answering, { ...allUp, broker: () => false });
    expect(broker.statusCode).toBe(503);
    expect(broker.json().checks).toEqual({ database: 'ok', broker: 'failed', queue: 'ok' });

    const queue = await ready(answering, { ...allUp, queue: () => false });
    expect(queue.statusCode).toBe(503);
    expect(queue.json().checks).toEqual({ database: 'ok', broker: 'ok', queue: 'failed' });
  });

  it('is 503 once shutdown has begun, even with every dependency up', async () => {
    const response = await ready(answering, { ...allUp, accepting: () => false });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ ready: false, draining: true });
  });
});
