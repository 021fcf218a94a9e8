// A doc of the repository (docs/<name>.md, from a fixed list) for signed-in users, rendered as
// React elements from parsed blocks: headings carry their anchors, so popovers link to sections.
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Header } from "@/app/_components/header";
import type { Block, Inline } from "@/lib/docs/markdown";
import { requireUser } from "@/server/http/auth";
import { doc, DOCS } from "@/server/services/docs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ doc: string }> };

function Inlines({ items }: { items: Inline[] }): ReactNode {
  return items.map((i, k) => {
    switch (i.kind) {
      case "text":
        return i.text;
      case "code":
        return <code key={k} className="rounded bg-slate-100 px-1 font-mono text-[0.9em]">{i.text}</code>;
      case "strong":
        return <strong key={k}><Inlines items={i.children} /></strong>;
      case "em":
        return <em key={k}><Inlines items={i.children} /></em>;
      case "link":
        return i.href.startsWith("/") || i.href.startsWith("#") ? (
          <Link key={k} href={i.href} className="text-blue-700 hover:underline"><Inlines items={i.children} /></Link>
        ) : (
          <a key={k} href={i.href} rel="noreferrer noopener" className="text-blue-700 hover:underline"><Inlines items={i.children} /></a>
        );
    }
  });
}

const HEADING = ["text-2xl", "text-xl", "text-lg", "text-base", "text-sm", "text-sm"];

function BlockView({ b }: { b: Block }) {
  switch (b.kind) {
    case "heading": {
      const Tag = `h${b.level}` as "h1";
      return (
        <Tag id={b.id} className={`${HEADING[b.level - 1]} mt-6 scroll-mt-4 font-semibold target:bg-yellow-50`}>
          <Inlines items={b.children} />
          <a href={`#${b.id}`} className="ml-2 text-sm font-normal text-slate-400 hover:text-slate-600" aria-label="link to this section">#</a>
        </Tag>
      );
    }
    case "paragraph":
      return <p className="mt-3 leading-relaxed"><Inlines items={b.children} /></p>;
    case "list": {
      const Tag = b.ordered ? "ol" : "ul";
      return (
        <Tag className={`mt-3 space-y-1 pl-6 ${b.ordered ? "list-decimal" : "list-disc"}`}>
          {b.items.map((it, k) => <li key={k}><Inlines items={it} /></li>)}
        </Tag>
      );
    }
    case "code":
      return <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100" data-lang={b.lang || undefined}><code>{b.text}</code></pre>;
    case "table":
      return (
        <div className="mt-3 overflow-x-auto">
          <table className="text-sm">
            <thead className="bg-slate-50 text-left">
              <tr>{b.header.map((h, k) => <th key={k} className="border border-slate-200 px-2 py-1 font-medium"><Inlines items={h} /></th>)}</tr>
            </thead>
            <tbody>
              {b.rows.map((r, k) => (
                <tr key={k}>{r.map((c, j) => <td key={j} className="border border-slate-200 px-2 py-1 align-top"><Inlines items={c} /></td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "quote":
      return <blockquote className="mt-3 border-l-4 border-slate-300 pl-3 text-slate-700"><Inlines items={b.children} /></blockquote>;
    case "rule":
      return <hr className="my-6 border-slate-200" />;
  }
}

export default async function DocPage({ params }: Props) {
  const name = (await params).doc;
  const user = await requireUser(`/docs/${encodeURIComponent(name)}`);
  const loading = doc(name);
  if (!loading) notFound();
  const d = await loading;
  return (
    <>
      <Header user={user} crumbs={[{ href: `/docs/${d.name}`, label: `docs/${d.name}.md` }]} />
      <main className="mx-auto max-w-4xl px-6 py-6 text-sm text-slate-800" data-testid="doc" data-doc={d.name}>
        <nav aria-label="docs" className="mb-4 flex flex-wrap gap-3 text-xs text-slate-500">
          {DOCS.map((n) => (
            <Link key={n} href={`/docs/${n}`} className={n === d.name ? "font-semibold text-slate-800" : "hover:underline"} aria-current={n === d.name ? "page" : undefined}>{n}</Link>
          ))}
        </nav>
        <article>
          {d.blocks.map((b, k) => <BlockView key={k} b={b} />)}
        </article>
      </main>
    </>
  );
}
