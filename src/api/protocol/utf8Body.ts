import { ErrorCode } from '../../domain/errorCodes.ts';
import { Failure } from '../../domain/failure.ts';

// Fatal: an invalid sequence is refused rather than replaced by U+FFFD, which would change the
// bytes the signature covers. ignoreBOM keeps a leading BOM in the text, for the same reason.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text, exactly; bytes that are not UTF-8 are InvalidParameter, as for broken JSON. */
export function decodeBody(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new Failure(ErrorCode.InvalidParameter, {
      en: 'The request body is not valid UTF-8.',
      zh: '请求体不是合法的 UTF-8。',
    });
  }
}
