import type { Selectable } from 'kysely';
import { ErrorCode } from '../domain/errorCodes.ts';
import { Failure } from '../domain/failure.ts';
import type { ApplicationTable } from '../store/schema.ts';
import type { ActionContext } from './action.ts';
import { directoryRead } from './directoryCache.ts';

/**
 * The application the request names, if the caller's account owns it. One that does not exist and
 * one of another tenant get the same answer, so nobody learns which applications exist.
 */
export async function requireApplication(
  ctx: ActionContext,
  sdkAppId: number,
): Promise<Readonly<Selectable<ApplicationTable>>> {
  const app = await directoryRead(ctx.services, `app:${sdkAppId}:${ctx.accountId}`, () =>
    ctx.services.db
      .selectFrom('applications')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .where('account_id', '=', ctx.accountId)
      .executeTakeFirst(),
  );
  if (!app) {
    throw new Failure(ErrorCode.InvalidParameterValueInstanceNotExist, {
      en: `The application \`SdkAppId\` ${sdkAppId} does not exist.`,
      zh: `应用 \`SdkAppId\` ${sdkAppId} 不存在。`,
    });
  }
  return app;
}
