import { describe, expect, it } from 'vitest';
import { holdOffer } from '../../../../src/telephony/sip/sdp/holdOffer.ts';
import { rejectingAnswer } from '../../../../src/telephony/sip/sdp/rejectingAnswer.ts';
import { SessionOrigin } from '../../../../src/telephony/sip/sdp/sessionOrigin.ts';

const AGENT_OFFER = Buffer.from(
  'v=0\r\no=phone 99 7 IN IP4 127.0.0.3\r\ns=-\r\nc=IN IP4 127.0.0.3\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 8\r\nm=video 6002 RTP/AVP 96\r\n',
);

describe('session descriptions relayed by the dialer', () => {
  it('shows each leg one origin whose version rises with every description', () => {
    const origin = new SessionOrigin('127.0.0.1');
    const first = holdOffer(origin, '127.0.0.1').toString();
    const relayed = origin.rewrite(AGENT_OFFER).toString();
    const o = (sdp: string) =>
      sdp
        .split('\r\n')
        .find((l) => l.startsWith('o='))!
        .split(' ');
    expect(o(first)[1]).toBe(o(relayed)[1]);
    expect(Number(o(relayed)[2])).toBe(Number(o(first)[2]) + 1);
    // Everything but the origin is the agent's.
    expect(relayed.replace(/^o=.*$/m, '')).toBe(AGENT_OFFER.toString().replace(/^o=.*$/m, ''));
  });

  it('offers the callee inactive audio', () => {
    expect(holdOffer(new SessionOrigin('127.0.0.1'), '127.0.0.1').toString()).toMatch(
      /m=audio 9 RTP\/AVP[^\r]*\r\n[\s\S]*a=inactive/,
    );
  });

  it('declines every stream of an offer it cannot use, one m-line for each', () => {
    const answer = rejectingAnswer(AGENT_OFFER, new SessionOrigin('127.0.0.1'), '127.0.0.1').toString();
    expect(answer.split('\r\n').filter((l) => l.startsWith('m='))).toEqual([
      'm=audio 0 RTP/AVP 0 8',
      'm=video 0 RTP/AVP 96',
    ]);
  });
});
