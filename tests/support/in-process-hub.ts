// The dev harness's in-process hub for the runtime's own tests: files under services/ never import
// @saga/dev-harness themselves (eslint.config.js), so what production code ships cannot reach it.
export { EmbeddedHub, HubClosedError, HubNotSealedError } from '@saga/dev-harness';
