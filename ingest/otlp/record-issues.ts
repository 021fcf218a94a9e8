// Record-level problems: collected while converting one record, never thrown past it.

/** Deepest AnyValue nesting accepted (a scalar attribute value is depth 1). */
export const MAX_ANYVALUE_DEPTH = 32;

/** Thrown inside AnyValue conversion; caught where the attribute's name is known. */
export class DepthError extends Error {
  constructor() {
    super(`nested deeper than ${MAX_ANYVALUE_DEPTH}`);
    this.name = "DepthError";
  }
}

/** Keeps the first problem found in a record; later ones are usually consequences. */
export class Issues {
  first: string | undefined;

  constructor(inherited?: string) {
    this.first = inherited;
  }

  add(path: string, message: string): void {
    this.note(`${path}: ${message}`);
  }

  note(reason: string): void {
    if (this.first === undefined) this.first = reason;
  }
}

export function depthMessage(key: string): string {
  return `attribute ${JSON.stringify(key)} nested deeper than ${MAX_ANYVALUE_DEPTH}`;
}
