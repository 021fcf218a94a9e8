"use client";
// An id with a copy button: the clipboard when the browser allows it, else the text is selected
// so the user can copy it by hand (http origins and some browsers refuse navigator.clipboard).
import { useRef, useState } from "react";

export function CopyText({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const ref = useRef<HTMLElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "selected">("idle");
  const select = () => {
    const el = ref.current;
    const sel = window.getSelection();
    if (!el || !sel) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    sel.removeAllRanges();
    sel.addRange(range);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      select();
      setState("selected");
    }
  };
  return (
    <span className="inline-flex items-center gap-1" data-testid={testId}>
      <span className="text-slate-500">{label}</span>
      <code ref={ref} className="select-all rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-800" data-testid="copy-value">{text}</code>
      <button
        type="button"
        onClick={copy}
        aria-label={`copy ${label} ${text}`}
        className="rounded border border-slate-300 px-1 text-[10px] text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        data-testid="copy-button"
      >
        copy
      </button>
      <span aria-live="polite" className="text-[10px] text-slate-500" data-testid="copy-state">
        {state === "copied" ? "copied" : state === "selected" ? "selected: press Ctrl+C" : ""}
      </span>
    </span>
  );
}
