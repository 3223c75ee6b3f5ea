import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import { BODY_LIMITS, jsonBody } from '../http/json-body';
import { bearerToken, type TokenVerifier } from './jwt';
import type { Role } from './principal';

/**
 * Authenticates the bearer token and requires one of the given roles, then reads the JSON body
 * (at most BODY_LIMITS.public, never inflated): in that order, so an anonymous caller is refused
 * before the service reads or parses anything it sent.
 */
export function requireRole(verify: TokenVerifier, ...roles: Role[]): RequestHandler {
  const readBody = jsonBody(BODY_LIMITS.public);
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.header('authorization'));
      if (!token) throw new AppError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)');
      const principal = await verify(token);
      if (!roles.includes(principal.role))
        throw new AppError('FORBIDDEN', `this endpoint is for ${roles.join(' or ')} tokens`);
      req.principal = principal;
    } catch (err) {
      return next(err);
    }
    readBody(req, res, next);
  };
}
