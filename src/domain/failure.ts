import type { ErrorCode } from './errorCodes.ts';

/** A message in both languages the API speaks (`X-TC-Language`: en-US or zh-CN). */
export interface LocalizedText {
  readonly en: string;
  readonly zh: string;
}

/**
 * A refusal the client should see: a Tencent error code and a message naming what was wrong.
 * Services throw it; the API turns it into the error envelope in one place.
 */
export class Failure extends Error {
  readonly code: ErrorCode;
  readonly text: LocalizedText;

  constructor(code: ErrorCode, text: LocalizedText | string) {
    const localized = typeof text === 'string' ? { en: text, zh: text } : text;
    super(localized.en);
    this.name = 'Failure';
    this.code = code;
    this.text = localized;
  }

  messageIn(language: 'en-US' | 'zh-CN'): string {
    return language === 'zh-CN' ? this.text.zh : this.text.en;
  }
}
