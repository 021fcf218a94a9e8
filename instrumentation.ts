// Next.js calls register() once per server process: start the runtime there so migrations,
// keys and background work are up before the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("@/server/runtime/start");
  await startServerProcess();
}
