import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import type { ApiServices } from './services.ts';

export type Language = 'en-US' | 'zh-CN';

/** What a handler knows of the request beyond its parameters. */
export interface ActionContext {
  readonly requestId: string;
  /** The tenant: the account owning the SecretId that signed the request. */
  readonly accountId: string;
  readonly secretId: string;
  readonly language: Language;
  readonly region: string | undefined;
  readonly services: ApiServices;
  readonly log: FastifyBaseLogger;
}

export type ActionOutput = Record<string, unknown>;

/**
 * One API action: its name on the wire, the TypeBox schema of its business parameters, and the
 * handler. The gateway checks the parameters against `input` (MissingParameter, UnknownParameter,
 * InvalidParameter, InvalidParameterValue) before the handler runs; handlers check the rest.
 */
export interface ActionDefinition<S extends TObject = TObject> {
  readonly name: string;
  readonly input: S;
  /**
   * A read whose answer follows from its input, the caller's account and the database alone (not
   * the clock, not the engine's memory), and stays small: the gateway may give the same answer
   * again until the database changes (ApiServices.answers).
   */
  readonly answerKeptUntilChange?: boolean;
  handler(ctx: ActionContext, input: Static<S>): Promise<ActionOutput>;
}

/** The refusal of an action name nobody defined, the same through the API and the console. */
export function unknownAction(name: string): Failure {
  return new Failure(ErrorCode.InvalidAction, {
    en: `The action \`${name}\` does not exist.`,
    zh: `接口 \`${name}\` 不存在。`,
  });
}

export function defineAction<S extends TObject>(definition: ActionDefinition<S>): ActionDefinition<S> {
  return definition;
}
