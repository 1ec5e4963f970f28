import { Type } from '@sinclair/typebox';
import { countLiveSessions, listLiveSessions } from '../../../store/sessions/liveSessionQuery.ts';
import { defineAction } from '../../action.ts';
import { requireApplication } from '../../tenancy.ts';
import { pstnSessionInfo } from './pstnSession.ts';

/** The application's calls in progress (placed, not ended), oldest first. */
export const describePSTNActiveSessionList = defineAction({
  name: 'DescribePSTNActiveSessionList',
  input: Type.Object(
    {
      SdkAppId: Type.Integer(),
      Offset: Type.Integer({ minimum: 0 }),
      Limit: Type.Integer({ minimum: 1, maximum: 25 }),
    },
    { additionalProperties: false },
  ),
  async handler(ctx, input) {
    await requireApplication(ctx, input.SdkAppId);
    const [total, sessions] = await Promise.all([
      countLiveSessions(ctx.services.db, input.SdkAppId),
      listLiveSessions(ctx.services.db, input.SdkAppId, { offset: input.Offset, limit: input.Limit }),
    ]);
    return { Total: total, Sessions: sessions.map(pstnSessionInfo) };
  },
});
