/**
 * `node:http` for the Lambda bundles, as CommonJS hands it out. The bundles alias `node:http`
 * here (`bundleSettings.alias` in infra/tandem-function.ts) because Node builds an ES module's
 * view of a built-in by reading every export, and `http`'s lazy `WebSocket`, `CloseEvent` and
 * `MessageEvent` getters then load undici: about 50 ms of every cold start for nothing (the AWS
 * SDK's HTTP handler imports `node:http` as an ES module). `process.getBuiltinModule` returns
 * the module without that view. Hand-written because it is Node's own module, re-exported: an
 * export missing here fails the bundle's build, not a request.
 */
const http = process.getBuiltinModule('node:http');

export default http;
export const {
  METHODS,
  STATUS_CODES,
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
} = http;
