/** A message that is not well-formed SIP; the transport drops it (or answers 400, for a request). */
export class SipParseError extends Error {
  override name = 'SipParseError';
}
