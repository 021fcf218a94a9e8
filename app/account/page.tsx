// The signed-in user's account: who they are, and a password change (current password required).
import { Header } from "@/app/_components/header";
import { requireUser } from "@/server/http/auth";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <>
      <Header user={user} crumbs={[{ href: "/account", label: "Account" }]} />
      <main className="mx-auto max-w-md space-y-4 px-6 py-6">
        <h1 className="text-lg font-semibold">Account</h1>
        <p className="text-sm text-slate-600">
          Signed in as <span className="font-medium" data-testid="account-name">{user.name}</span> ({user.role}).
        </p>
        <section className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 className="mb-1 font-medium">Change password</h2>
          <p className="mb-4 text-sm text-slate-500">At least 12 characters. Changing it signs you out everywhere, here too.</p>
          <ChangePasswordForm />
        </section>
      </main>
    </>
  );
}
