import { jsonResponse, problemResponse } from './responses';

/** Served by every service, so these paths use the document's servers (all four). */
export const healthPaths = {
  '/healthz': {
    get: {
      operationId: 'getHealth',
      summary: 'Liveness: the process is up',
      tags: ['health'],
      security: [],
      responses: { '200': jsonResponse('HealthStatus', 'Alive') },
    },
  },
  '/readyz': {
    get: {
      operationId: 'getReadiness',
      summary: 'Readiness: the database and the runtime (sidecar or embedded) are reachable',
      tags: ['health'],
      security: [],
      responses: {
        '200': jsonResponse('ReadinessStatus', 'Ready to serve'),
        '503': problemResponse(
          'Not ready (SERVICE_UNAVAILABLE); detail and checks say which dependency is down (its address and error are logged, never answered)',
          'ServiceUnavailableProblem',
        ),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      tags: ['health'],
      security: [],
      responses: {
        '200': {
          description: 'Prometheus text exposition format 0.0.4',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
};
