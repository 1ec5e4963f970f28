/** The CSeq header (RFC 3261 §20.16): a sequence number and the method it counts. */
import { SipParseError } from './sipParseError.ts';

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export function parseCSeq(text: string): CSeq {
  const match = /^(\d{1,10})\s+(\S+)$/.exec(text.trim());
  const seq = Number(match?.[1]);
  // RFC 3261 §8.1.1.5: less than 2**31.
  if (!match || !(seq < 2 ** 31)) throw new SipParseError(`malformed CSeq ${JSON.stringify(text)}`);
  return { seq, method: match[2] ?? '' };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
