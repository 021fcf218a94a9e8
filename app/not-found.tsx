// Any address that is not a page, or a page's notFound() (an unknown incident): said plainly, with a way back.
import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-lg rounded-lg border border-slate-200 bg-white p-8 text-sm shadow-sm" data-testid="not-found">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is no page at this address.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 hover:underline">Back to the overview</Link>
    </main>
  );
}
