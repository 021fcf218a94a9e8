import Link from "next/link";
import type { SessionUser } from "@/server/http/auth";
import { AutoRefresh } from "./auto-refresh";
import { IngestShedding } from "./ingest-shedding";
import { SignOutButton } from "./sign-out";
import { ThemeToggle } from "./theme";
import { TimeZoneSwitch } from "./time";

export interface Crumb {
  href: string;
  label: string;
}

export function Header({ user, crumbs = [] }: { user: SessionUser; crumbs?: Crumb[] }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-[1800px] items-center gap-4 px-6 py-3">
        <Link prefetch={false} href="/" className="font-semibold tracking-tight">Quantlens</Link>
        {/* Crumbs give way (cut, whole in the title) before the header grows past the window. */}
        <nav className="flex min-w-0 flex-1 items-center gap-2 text-sm text-slate-600">
          {crumbs.map((c) => (
            <span key={c.href} className="flex min-w-0 items-center gap-2">
              <span aria-hidden>/</span>
              <Link prefetch={false} href={c.href} title={c.label} className="truncate hover:underline">{c.label}</Link>
            </span>
          ))}
        </nav>
        {/* Header links are not prefetched: the 10 s auto-refresh re-renders them, and each render prefetched every one again. */}
        <div className="ml-auto flex shrink-0 items-center gap-3 whitespace-nowrap text-sm">
          <AutoRefresh />
          <TimeZoneSwitch />
          <ThemeToggle />
          <Link prefetch={false} href="/incidents" className="text-slate-600 hover:underline">Incidents</Link>
          <Link prefetch={false} href="/policies" className="text-slate-600 hover:underline">Policies</Link>
          <Link prefetch={false} href="/webhooks" className="text-slate-600 hover:underline">Webhooks</Link>
          <Link prefetch={false} href="/audit" className="text-slate-600 hover:underline">Audit</Link>
          <span className="text-slate-600" data-testid="whoami">{user.name} · {user.role}</span>
          <Link prefetch={false} href="/account" className="text-slate-600 hover:underline" title="Change your password" data-testid="account-link">Account</Link>
          <SignOutButton />
        </div>
      </div>
      <IngestShedding />
    </header>
  );
}
