"use client";
// A term with a short explanation in place: a button toggles a small panel (keyboard and touch,
// not hover), which links to the docs section. Escape closes it and returns focus to the button.
import { useId, useRef, useState } from "react";
import { GLOSSARY, termHref, type TermKey } from "@/lib/view/glossary";

export function Term({ term, children }: { term: TermKey; children?: React.ReactNode }) {
  const t = GLOSSARY[term];
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <span
      className="relative inline-block"
      data-testid="term"
      data-term={term}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="cursor-help border-b border-dotted border-slate-400 text-inherit hover:border-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
      >
        {children ?? t.label}
      </button>
      {open && (
        <span
          id={id}
          role="note"
          data-testid="term-panel"
          className="absolute left-0 top-full z-20 mt-1 block w-72 whitespace-normal rounded-md border border-slate-300 bg-white p-3 text-left text-xs font-normal normal-case leading-snug tracking-normal text-slate-700 shadow-lg"
        >
          <span className="block font-semibold text-slate-900">{t.label}</span>
          <span className="mt-1 block">{t.text}</span>
          <a href={termHref(t)} className="mt-2 inline-block text-blue-700 hover:underline" data-testid="term-link">
            docs/{t.doc}.md § {t.label} →
          </a>
        </span>
      )}
    </span>
  );
}
