/**
 * An agent's mail is their account name: something@somewhere, no spaces. We do not deliver mail,
 * so no stricter check would help anyone.
 */
const MAIL = /^[^\s@]+@[^\s@]+$/;

export const MAIL_MAX_LENGTH = 128;

export function isValidStaffMail(mail: string): boolean {
  return mail.length <= MAIL_MAX_LENGTH && MAIL.test(mail);
}
