// Which contracts become language-neutral documents, under which name (the export's name).
// Every request, response, problem, event, CloudEvent and WebSocket frame body is listed; the
// parts are shared pieces that get their own name so generated code can reuse one type.
import type { z } from 'zod';
import * as C from '../../src';

export type SchemaKind = 'request' | 'response' | 'problem' | 'event' | 'cloudevent' | 'frame' | 'part';

/** Which generated document names it as a component: openapi.json (http) or asyncapi.json (messages). */
export type Surface = 'http' | 'messages';

export interface NamedSchema {
  name: string;
  kind: SchemaKind;
  surfaces: readonly Surface[];
  schema: z.ZodType;
}

const SURFACES: Record<Exclude<SchemaKind, 'part'>, Surface[]> = {
  request: ['http'],
  response: ['http'],
  problem: ['http'],
  event: ['messages'],
  cloudevent: ['messages'],
  frame: ['messages'],
};

function named(kind: Exclude<SchemaKind, 'part'>, schemas: Record<string, z.ZodType>): NamedSchema[] {
  return Object.entries(schemas).map(([name, schema]) => ({ name, kind, surfaces: SURFACES[kind], schema }));
}

function parts(surfaces: Surface[], schemas: Record<string, z.ZodType>): NamedSchema[] {
  return Object.entries(schemas).map(([name, schema]) => ({ name, kind: 'part', surfaces, schema }));
}

export const NAMED_SCHEMAS: readonly NamedSchema[] = [
  ...named('request', {
    CheckAvailabilityRequest: C.CheckAvailabilityRequest,
    ReleaseHoldRequest: C.ReleaseHoldRequest,
    CreateIntentRequest: C.CreateIntentRequest,
    CheckoutRequest: C.CheckoutRequest,
    AcceptOrderRequest: C.AcceptOrderRequest,
    RejectOrderRequest: C.RejectOrderRequest,
    PaymentCallbackRequest: C.PaymentCallbackRequest,
    PutCartRequest: C.PutCartRequest,
    CheckoutCallbackRequest: C.CheckoutCallbackRequest,
    RazorpayWebhookEvent: C.RazorpayWebhookEvent,
    CommitSaleRequest: C.CommitSaleRequest,
    GatewayCheckRequest: C.GatewayCheckRequest,
  }),
  ...named('response', {
    ProductList: C.ProductList,
    AvailabilityResponse: C.AvailabilityResponse,
    UnavailableResponse: C.UnavailableResponse,
    ReleaseHoldResponse: C.ReleaseHoldResponse,
    PaymentIntent: C.PaymentIntent,
    CheckoutResponse: C.CheckoutResponse,
    Order: C.Order,
    OrderList: C.OrderList,
    PaymentCallbackResponse: C.PaymentCallbackResponse,
    Cart: C.Cart,
    CheckoutCallbackResult: C.CheckoutCallbackResult,
    OrderTimeline: C.OrderTimeline,
    HealthStatus: C.HealthStatus,
    ReadinessStatus: C.ReadinessStatus,
    RazorpayWebhookAck: C.RazorpayWebhookAck,
    CommitSaleResponse: C.CommitSaleResponse,
    GatewayCheckResponse: C.GatewayCheckResponse,
    RefundList: C.RefundList,
    RefundRetryResult: C.RefundRetryResult,
    DeadLetterList: C.DeadLetterList,
    DeadLetter: C.DeadLetter,
    DeadLetterReplayResult: C.DeadLetterReplayResult,
  }),
  ...named('problem', {
    Problem: C.Problem,
    ValidationProblem: C.ValidationProblem,
    UnauthorizedProblem: C.UnauthorizedProblem,
    ForbiddenProblem: C.ForbiddenProblem,
    NotFoundProblem: C.NotFoundProblem,
    ConflictProblem: C.ConflictProblem,
    OutOfStockProblem: C.OutOfStockProblem,
    PreconditionFailedProblem: C.PreconditionFailedProblem,
    PayloadTooLargeProblem: C.PayloadTooLargeProblem,
    UnprocessableProblem: C.UnprocessableProblem,
    ServiceUnavailableProblem: C.ServiceUnavailableProblem,
  }),
  ...named('event', {
    AnyEvent: C.AnyEvent,
    PaymentConfirmed: C.PaymentConfirmed,
    PaymentFailed: C.PaymentFailed,
    PaymentRefunded: C.PaymentRefunded,
    PaymentIntentVoided: C.PaymentIntentVoided,
    OrderPlaced: C.OrderPlaced,
    OrderExpired: C.OrderExpired,
    OrderCancelled: C.OrderCancelled,
    RefundRequested: C.RefundRequested,
    OrderAccepted: C.OrderAccepted,
    OrderRejected: C.OrderRejected,
    OrderRefunded: C.OrderRefunded,
  }),
  ...named('cloudevent', {
    CloudEventMessage: C.CloudEventMessage,
    PaymentConfirmedCloudEvent: C.PaymentConfirmedCloudEvent,
    PaymentFailedCloudEvent: C.PaymentFailedCloudEvent,
    PaymentRefundedCloudEvent: C.PaymentRefundedCloudEvent,
    PaymentIntentVoidedCloudEvent: C.PaymentIntentVoidedCloudEvent,
    OrderPlacedCloudEvent: C.OrderPlacedCloudEvent,
    OrderExpiredCloudEvent: C.OrderExpiredCloudEvent,
    OrderCancelledCloudEvent: C.OrderCancelledCloudEvent,
    RefundRequestedCloudEvent: C.RefundRequestedCloudEvent,
    OrderAcceptedCloudEvent: C.OrderAcceptedCloudEvent,
    OrderRejectedCloudEvent: C.OrderRejectedCloudEvent,
    OrderRefundedCloudEvent: C.OrderRefundedCloudEvent,
  }),
  ...named('frame', {
    NewOrderFrame: C.NewOrderFrame,
    AckedFrame: C.AckedFrame,
    PongFrame: C.PongFrame,
    SocketErrorFrame: C.SocketErrorFrame,
    VendorServerFrame: C.VendorServerFrame,
    OrderStatusFrame: C.OrderStatusFrame,
    CustomerServerFrame: C.CustomerServerFrame,
    AckFrame: C.AckFrame,
    PingFrame: C.PingFrame,
    VendorClientFrame: C.VendorClientFrame,
  }),
  ...parts(['http', 'messages'], { PricedLine: C.PricedLine }),
  ...parts(['http'], {
    Product: C.Product,
    CartItem: C.CartItem,
    UnavailableItem: C.UnavailableItem,
    Hold: C.Hold,
    TimelineEntry: C.TimelineEntry,
    RazorpayPaymentEntity: C.RazorpayPaymentEntity,
    RazorpayOrderEntity: C.RazorpayOrderEntity,
    RazorpayRefundEntity: C.RazorpayRefundEntity,
    RefundView: C.RefundView,
    DeadLetterSummary: C.DeadLetterSummary,
  }),
  ...parts(['messages'], { NewOrderData: C.NewOrderData, OrderStatusData: C.OrderStatusData }),
];

export const schemasOn = (surface: Surface) => NAMED_SCHEMAS.filter((s) => s.surfaces.includes(surface));

export function schemaNamed(name: string): NamedSchema {
  const found = NAMED_SCHEMAS.find((s) => s.name === name);
  if (!found) throw new Error(`no contract named ${name} in NAMED_SCHEMAS`);
  return found;
}
