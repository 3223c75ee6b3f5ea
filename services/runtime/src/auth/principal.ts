export type Role = 'customer' | 'vendor' | 'admin';

export interface Principal {
  sub: string;
  role: Role;
  vendorId?: string;
  /** When the token stops being valid (epoch ms): a long-lived connection must end by then. */
  expiresAt?: number;
}
