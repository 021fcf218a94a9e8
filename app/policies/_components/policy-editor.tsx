"use client";
// The policy editor: YAML or JSON text and a reason; the server validates and stores a new
// version, or answers 422 with every error's path, shown inline.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useHydrated } from "@/app/_components/use-hydrated";

interface Props {
  deployment: string;
  deploymentLabel: string;
  initialYaml: string;
  initialJson: string;
  basedOn: string;
}

interface PolicyError {
  path: string;
  message: string;
}

export function PolicyEditor({ deployment, deploymentLabel, initialYaml, initialJson, basedOn }: Props) {
  const router = useRouter();
  const ready = useHydrated();
  const [text, setText] = useState(initialYaml);
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<PolicyError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    setErrors([]);
    setProblem(null);
    setSaved(null);
    const res = await callApi<{ version: number; details?: { errors?: PolicyError[] } }>("/api/v1/policies", "POST", { deployment, document: text, reason });
    setSaving(false);
    if (res.ok && res.data) {
      setSaved(res.data.version);
      setReason("");
      router.refresh();
      return;
    }
    const list = res.data?.details?.errors;
    if (res.status === 422 && Array.isArray(list)) setErrors(list);
    else setProblem(res.error);
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="edit policy" data-testid="policy-editor" data-ready={ready}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">Edit · new version for {deploymentLabel}</h2>
        <div className="flex gap-2 text-xs">
          <span className="text-slate-500">prefilled from {basedOn}; load as</span>
          <button type="button" className="text-blue-700 hover:underline" onClick={() => setText(initialYaml)}>YAML</button>
          <button type="button" className="text-blue-700 hover:underline" onClick={() => setText(initialJson)}>JSON</button>
        </div>
      </div>
      <form onSubmit={save} className="space-y-3">
        <label className="block text-sm">
          <span className="sr-only">Policy document (YAML or JSON)</span>
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            rows={24}
            className="w-full rounded border border-slate-300 p-2 font-mono text-xs leading-5"
            data-testid="policy-text"
            aria-label="Policy document (YAML or JSON)"
            aria-invalid={errors.length > 0}
            aria-describedby={errors.length > 0 ? "policy-errors" : undefined}
          />
        </label>
        {errors.length > 0 && (
          <div id="policy-errors" role="alert" className="rounded border-2 border-orange-400 bg-orange-50 p-3 text-sm text-orange-950" data-testid="policy-errors">
            <p className="font-semibold"><span aria-hidden>✕ </span>Not saved: {errors.length} validation error{errors.length > 1 ? "s" : ""}</p>
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">
              {errors.map((er, i) => (
                <li key={i} data-testid="policy-error" data-path={er.path}>
                  <span className="font-semibold">{er.path || "(document)"}</span>: {er.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {problem && (
          <p role="alert" className="rounded border border-orange-400 bg-orange-50 p-2 text-sm text-orange-950" data-testid="policy-problem">
            <span aria-hidden>✕ </span>{problem}
          </p>
        )}
        {saved !== null && (
          <p role="status" className="rounded border border-blue-300 bg-blue-50 p-2 text-sm text-blue-900" data-testid="policy-saved">
            <span aria-hidden>✓ </span>Saved as version {saved}. It applies from the next evaluation.
          </p>
        )}
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex min-w-[20rem] flex-1 flex-col text-sm">
            <span className="text-slate-600">Reason (required: why does the policy change?)</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              maxLength={1000}
              className="rounded border border-slate-300 px-2 py-1"
              data-testid="policy-reason"
            />
          </label>
          <button type="submit" disabled={!ready || saving} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50" data-testid="policy-save">
            {saving ? "Saving…" : "Save new version"}
          </button>
        </div>
      </form>
    </section>
  );
}
