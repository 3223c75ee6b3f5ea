// The shapes the pages read. They follow contracts/ (money in integer paise) but stay the pages'
// own: a field the pages do not use is not listed, and statuses stay open strings because the
// saga adds more over time.
export interface Product {
  productId: string;
  vendorId: string;
  name: string;
  price: number;
  currency: string;
  availableQuantity: number;
}

export interface OrderLine {
  productId: string;
  vendorId?: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Order {
  orderId: string;
  customerId?: string;
  vendorId: string;
  status: string;
  statusReason?: string | null;
  items: OrderLine[];
  amount: number;
  currency: string;
  paymentProviderOrderId?: string | null;
  paymentId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  placedAt?: string | null;
  answeredAt?: string | null;
  /** While waiting for the vendor: when it is rejected for want of an answer. */
  vendorAnswerDueAt?: string | null;
  expiresAt?: string;
}

export interface PaymentIntent {
  paymentProviderOrderId: string;
  keyId: string;
  amount?: number;
  currency?: string;
}

export interface CheckoutResult extends Order {
  paymentIntent: PaymentIntent;
}

export interface TimelineEntry {
  at: string;
  step: string;
  [detail: string]: unknown;
}

export interface Timeline {
  orderId: string;
  status: string;
  entries: TimelineEntry[];
}

export interface CartLine {
  productId: string;
  quantity: number;
}
