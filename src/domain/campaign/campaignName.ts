import { invalidValue } from './invalidValue.ts';

/** A name a supervisor can tell apart in a list: not only blanks. Its length is the schema's. */
export function validateName(name: string): string {
  if (name.trim() === '') {
    throw invalidValue('Name', { en: 'the name is blank.', zh: '名称为空。' });
  }
  return name;
}
