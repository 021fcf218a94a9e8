// Baseline vs canary quantization manifests, with when each field last changed.
import type { ManifestDiffRow } from "@/lib/view/manifest";
import { Time } from "@/app/_components/time";

function Value({ f }: { f: ManifestDiffRow["baseline"] }) {
  if (!f) return <span className="text-slate-400">–</span>;
  return (
    <>
      <span className="font-mono">{f.value || "(unset)"}</span>
      <span className="block text-[11px] text-slate-500">{f.changedAt ? <>changed <Time at={f.changedAt} seconds={false} /></> : <>since <Time at={f.firstSeen} seconds={false} /></>}</span>
    </>
  );
}

export function ManifestDiff({ rows }: { rows: ManifestDiffRow[] }) {
  return (
    <table className="w-full text-sm" data-testid="manifest-diff">
      <thead className="text-left text-xs text-slate-600">
        <tr><th className="py-1 pr-2">field</th><th className="py-1 pr-2">baseline</th><th className="py-1 pr-2">canary</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field} className="border-t border-slate-100 align-top" data-testid="manifest-field" data-field={r.field} data-differs={r.differs}>
            <th scope="row" className="py-1 pr-2 text-left font-medium text-slate-700">
              {r.label}
              {r.differs && <span className="mt-0.5 block w-fit whitespace-nowrap rounded bg-slate-800 px-1 text-[10px] font-semibold text-white" title="baseline and canary differ">≠ differs</span>}
            </th>
            <td className="py-1 pr-2"><Value f={r.baseline} /></td>
            <td className="py-1 pr-2"><Value f={r.canary} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
