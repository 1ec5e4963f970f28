/**
 * The field a refusal is about. Every message of the API names its field in backticks
 * (`Callees.3`, `ExpectedAbandonRate`), so the console can show it next to that field.
 */
export function failureField(message: string): string | undefined {
  return /`([A-Za-z][\w]*(?:\.\w+)*)`/.exec(message)?.[1];
}
