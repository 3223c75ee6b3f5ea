// POST /dev/token { role, id }: a development token, so a newcomer signs in with one click.
// Served by `npm start` only, never in production (web-config.ts), and signed with the same
// secret the services check, exactly as tools/dev-token.ts does on the command line.
import { AppError, parseOrThrow, sendProblem } from '@saga/runtime';
import { signDevToken } from '@saga/dev-harness';
import express, { type Router } from 'express';
import { z } from 'zod';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, up to 64');
const DevTokenRequest = z.strictObject({ role: z.enum(['customer', 'vendor']), id: Id });

export function devTokenRouter(secret: string | undefined): Router {
  const router = express.Router();
  router.post('/dev/token', express.json({ limit: '4kb' }), async (req, res) => {
    if (!secret)
      return sendProblem(res, new AppError('NOT_FOUND', 'Development sign-in is off on this server: paste a token'));
    const { role, id } = parseOrThrow(DevTokenRequest, req.body ?? {});
    const token =
      role === 'customer'
        ? await signDevToken(secret, { sub: id, role })
        : await signDevToken(secret, { sub: `user-of-${id}`, role, vendorId: id });
    res.set('cache-control', 'no-store').json({ token, role, id });
  });
  return router;
}
