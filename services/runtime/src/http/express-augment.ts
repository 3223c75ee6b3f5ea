// Fields our middleware adds to every request.
import type { Principal } from '../auth/principal';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: string;
      principal?: Principal;
      rawBody?: Buffer;
    }
  }
}

export {};
