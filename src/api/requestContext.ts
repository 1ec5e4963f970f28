import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { ActionContext, Language } from './action.ts';
import type { ApiServices } from './services.ts';

/** What the gateway tells an action's handler of the request it serves. */
export class RequestContext implements ActionContext {
  readonly #request: FastifyRequest;
  readonly #action: string;
  #log: FastifyBaseLogger | undefined;

  constructor(
    request: FastifyRequest,
    action: string,
    readonly requestId: string,
    readonly accountId: string,
    readonly secretId: string,
    readonly language: Language,
    readonly region: string | undefined,
    readonly services: ApiServices,
  ) {
    this.#request = request;
    this.#action = action;
  }

  /** Made when a handler first logs: most never do, and a pino child costs ~2% of a Describe. */
  get log(): FastifyBaseLogger {
    this.#log ??= this.#request.log.child({ action: this.#action, requestId: this.requestId });
    return this.#log;
  }
}
