import type { ActionDefinition } from '../../action.ts';
import { describePSTNActiveSessionList } from './describePSTNActiveSessionList.ts';
import { describeSessionDetail } from './describeSessionDetail.ts';
import { describeTelCdr } from './describeTelCdr.ts';
import { describeTelSession } from './describeTelSession.ts';
import { hangUpCall } from './hangUpCall.ts';

export const sessionActions: readonly ActionDefinition[] = [
  describeTelCdr,
  describeTelSession,
  describeSessionDetail,
  describePSTNActiveSessionList,
  hangUpCall,
];
