import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTc3Authorization } from '../../../src/api/protocol/tc3Authorization.ts';

/** What parseTc3Authorization gives, or the code it refuses with. */
function outcome(header: string): unknown {
  try {
    return parseTc3Authorization(header);
  } catch (error) {
    return { refused: (error as { code?: string }).code };
  }
}

const part = (alphabet: string) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: 0, maxLength: 12 });

describe('parseTc3Authorization: the SDKs’ form and the general reading agree', () => {
  // A leading space keeps a header off the one-match reading of the SDKs' exact form, so the two
  // readings of every header are compared, well-formed or not.
  it('gives the same parts, or the same refusal, for headers close to the SDKs’ form', () => {
    fc.assert(
      fc.property(
        part('AKID09az-_. /'),
        fc.constantFrom('2026-11-25', '2026-1-25', '26-11-25', ''),
        part('ccc127.0/ '),
        fc.constantFrom('tc3_request', 'tc3', ''),
        fc.constantFrom(
          'content-type;host',
          'host;content-type;x-tc-action',
          'host',
          'content-type;host;host',
          'Content-Type;host',
          '',
        ),
        fc.constantFrom('a'.repeat(64), 'A'.repeat(64), '0'.repeat(63), 'g'.repeat(64)),
        (secretId, date, service, terminator, signedHeaders, signature) => {
          const header = `TC3-HMAC-SHA256 Credential=${secretId}/${date}/${service}/${terminator}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
          expect(outcome(header)).toEqual(outcome(` ${header}`));
        },
      ),
    );
  });

  it('reads the header the Node SDK sends', () => {
    const signature = '2c6d2ac4a7d0f6b7c1e2b8e3f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2';
    expect(
      parseTc3Authorization(
        `TC3-HMAC-SHA256 Credential=AKIDacme/2026-11-25/127/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
      ),
    ).toEqual({
      secretId: 'AKIDacme',
      date: '2026-11-25',
      service: '127',
      signedHeaders: ['content-type', 'host'],
      signedHeadersText: 'content-type;host',
      signature,
    });
  });
});
