import { ApiError } from "./api-route";

/** The request's JSON object body, or a 400 that says what was expected. */
export async function jsonBody(req: Request, expected: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ApiError(400, `body must be JSON: ${expected}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, `body must be a JSON object: ${expected}`);
  return body as Record<string, unknown>;
}
