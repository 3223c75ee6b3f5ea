// Where a service answers, as the service itself declares it: its config.ts reads its own
// variables (e.g. ORDER_PORT, APP_ID_ORDER) with its own defaults. The runtime names no service.
export interface ServiceAddress {
  /** Its Dapr app id: what callers invoke, and what its sidecar is started with. */
  appId: string;
  port: number;
  /** The variable that sets the port, named when the port is taken. */
  portVariable: string;
}
