/** The SQL backends the store runs on. */
export type Dialect = 'sqlite' | 'postgres';
