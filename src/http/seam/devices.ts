/** Placeholder until its owner fills it in. */
import type { FastifyInstance } from 'fastify';
import type { ServiceDeps } from '../../services/deps.ts';

export const seamDeviceRoutes = (_deps: ServiceDeps) => (_app: FastifyInstance) => {};
