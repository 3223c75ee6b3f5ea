export type Role = 'customer' | 'vendor' | 'admin';

export interface Principal {
  sub: string;
  role: Role;
  vendorId?: string;
}
