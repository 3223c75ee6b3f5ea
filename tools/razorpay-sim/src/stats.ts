export interface SimulatorStats {
  /** Requests that reached /v1, by route pattern (e.g. "POST /v1/orders"), counted on arrival, failed ones included. */
  requests: Record<string, number>;
  unauthorized: number;
  ordersCreated: number;
  paymentsCreated: number;
  captures: number;
  refundsCreated: number;
  injectedFailures: { down: number; failNext: number; failRate: number };
  webhooks: { events: number; withheld: number; attempts: number; delivered: number; failed: number };
}

function empty(): SimulatorStats {
  return {
    requests: {},
    unauthorized: 0,
    ordersCreated: 0,
    paymentsCreated: 0,
    captures: 0,
    refundsCreated: 0,
    injectedFailures: { down: 0, failNext: 0, failRate: 0 },
    webhooks: { events: 0, withheld: 0, attempts: 0, delivered: 0, failed: 0 },
  };
}

export class StatsRecorder {
  data: SimulatorStats = empty();

  countRequest(route: string): void {
    this.data.requests[route] = (this.data.requests[route] ?? 0) + 1;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = empty();
  }
}
