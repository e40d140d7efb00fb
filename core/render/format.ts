/** Every output format covmap writes; each has exactly one renderer. */
export type Format = 'text' | 'json' | 'md' | 'csv' | 'sarif' | 'github' | 'navigator' | 'html';
