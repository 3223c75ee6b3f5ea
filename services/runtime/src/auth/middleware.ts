import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import { bearerToken, type TokenVerifier } from './jwt';
import type { Role } from './principal';

/** Authenticates the bearer token and requires one of the given roles. */
export function requireRole(verify: TokenVerifier, ...roles: Role[]): RequestHandler {
  return async (req, _res, next) => {
    try {
      const token = bearerToken(req.header('authorization'));
      if (!token) throw new AppError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)');
      const principal = await verify(token);
      if (!roles.includes(principal.role)) throw new AppError('FORBIDDEN', `this endpoint is for ${roles.join(' or ')} tokens`);
      req.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}
