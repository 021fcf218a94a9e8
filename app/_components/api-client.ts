// Same-origin JSON calls from client components: the dashboard session cookie authenticates them.
export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  data: T | null;
  /** The API's error message, or a network failure, when !ok. */
  error: string | null;
}

export async function callApi<T = unknown>(url: string, method: "GET" | "POST" | "PATCH" | "DELETE" = "POST", body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
    if (!res.ok) return { ok: false, status: res.status, data, error: (data && typeof data.error === "string" && data.error) || `request failed (${res.status})` };
    return { ok: true, status: res.status, data, error: null };
  } catch (e) {
    return { ok: false, status: 0, data: null, error: `network error: ${e instanceof Error ? e.message : String(e)}` };
  }
}
