// Short synthetic prompt/answer texts for the opt-in shadow text attributes. Deliberately tiny:
// enough to make a disagreement readable in the UI, never a realistic payload size.
import type { UniformSource } from "./prng";
import type { Language, Task } from "./model";

interface LangText {
  topics: readonly string[];
  input: Record<Task, string>;
  output: Record<Task, string>;
}

const TEXT: Record<Language, LangText> = {
  en: {
    topics: ["liability", "termination", "payment terms", "data retention"],
    input: {
      chat: "How should I negotiate {topic} with a supplier?",
      summarize: "Summarise the contract clause on {topic} in {n} bullet points.",
      code: "Write a function that validates the {topic} field of an invoice.",
      extract: "Extract every date about {topic} from this clause as JSON.",
    },
    output: {
      chat: "Start by capping {topic} at {n} months of fees, then ask for mutual terms.",
      summarize: "The clause on {topic} applies for {n} months and can be renewed once.",
      code: "function check(x) { return x.{topic} != null && x.days <= {n}; }",
      extract: '{"topic": "{topic}", "months": {n}}',
    },
  },
  de: {
    topics: ["Haftung", "Kündigung", "Zahlungsbedingungen", "Datenaufbewahrung"],
    input: {
      chat: "Wie verhandle ich die {topic} mit einem Lieferanten?",
      summarize: "Fasse die Vertragsklausel zur {topic} in {n} Stichpunkten zusammen.",
      code: "Schreibe eine Funktion, die das Feld {topic} einer Rechnung prüft.",
      extract: "Extrahiere alle Daten zur {topic} aus dieser Klausel als JSON.",
    },
    output: {
      chat: "Begrenzen Sie die {topic} zunächst auf {n} Monatsgebühren.",
      summarize: "Die Klausel zur {topic} gilt {n} Monate und ist einmal verlängerbar.",
      code: "function pruefe(x) { return x.{topic} != null && x.tage <= {n}; }",
      extract: '{"thema": "{topic}", "monate": {n}}',
    },
  },
  fr: {
    topics: ["responsabilité", "résiliation", "conditions de paiement", "conservation des données"],
    input: {
      chat: "Comment négocier la {topic} avec un fournisseur ?",
      summarize: "Résume la clause sur la {topic} en {n} points.",
      code: "Écris une fonction qui valide le champ {topic} d'une facture.",
      extract: "Extrais les dates relatives à la {topic} en JSON.",
    },
    output: {
      chat: "Commencez par plafonner la {topic} à {n} mois de frais.",
      summarize: "La clause sur la {topic} s'applique {n} mois, renouvelable une fois.",
      code: "function verifier(x) { return x.{topic} != null && x.jours <= {n}; }",
      extract: '{"sujet": "{topic}", "mois": {n}}',
    },
  },
  es: {
    topics: ["responsabilidad", "rescisión", "condiciones de pago", "retención de datos"],
    input: {
      chat: "¿Cómo negocio la {topic} con un proveedor?",
      summarize: "Resume la cláusula sobre {topic} en {n} puntos.",
      code: "Escribe una función que valide el campo {topic} de una factura.",
      extract: "Extrae las fechas sobre {topic} de esta cláusula en JSON.",
    },
    output: {
      chat: "Empiece limitando la {topic} a {n} meses de tarifas.",
      summarize: "La cláusula sobre {topic} rige {n} meses y se renueva una vez.",
      code: "function validar(x) { return x.{topic} != null && x.dias <= {n}; }",
      extract: '{"tema": "{topic}", "meses": {n}}',
    },
  },
  ja: {
    topics: ["責任", "解約", "支払条件", "データ保持"],
    input: {
      chat: "サプライヤーと{topic}をどう交渉すべきですか？",
      summarize: "{topic}に関する契約条項を{n}点で要約してください。",
      code: "請求書の{topic}フィールドを検証する関数を書いてください。",
      extract: "この条項から{topic}に関する日付をJSONで抽出してください。",
    },
    output: {
      chat: "まず{topic}を{n}か月分の料金に制限してください。",
      summarize: "{topic}条項は{n}か月間有効で、一度だけ更新できます。",
      code: "function check(x) { return x.{topic} != null && x.days <= {n}; }",
      extract: '{"topic": "{topic}", "months": {n}}',
    },
  },
};

export interface ShadowTexts {
  input: string;
  outputBaseline: string;
  outputCanary: string;
}

const fill = (t: string, topic: string, n: number) => t.replaceAll("{topic}", topic).replaceAll("{n}", String(n));

/**
 * kind: "same" → identical outputs; "minor" → a small, plausible quantization disagreement
 * (a number off by one or a truncated answer); "broken" → the injected regression's failure
 * mode (answers in the wrong language and loops).
 */
export function shadowTexts(
  rng: UniformSource,
  language: Language,
  task: Task,
  promptTokens: number,
  kind: "same" | "minor" | "broken",
): ShadowTexts {
  const t = TEXT[language];
  const topicIdx = Math.floor(rng() * t.topics.length);
  const topic = t.topics[topicIdx];
  const n = 2 + Math.floor(rng() * 22);
  const variant = rng();
  const ctx = promptTokens >= 1000 ? ` [context: ${promptTokens} tokens]` : "";
  const input = fill(t.input[task], topic, n) + ctx;
  const outputBaseline = fill(t.output[task], topic, n);
  let outputCanary = outputBaseline;
  if (kind === "minor") {
    outputCanary =
      variant < 0.5
        ? fill(t.output[task], topic, n + 1)
        : outputBaseline.slice(0, Math.max(8, Math.floor(outputBaseline.length * 0.7))) + "…";
  } else if (kind === "broken") {
    const en = fill(TEXT.en.output[task], TEXT.en.topics[topicIdx], n);
    const loop = en.split(" ").slice(2, 5).join(" ");
    outputCanary = `${en} ${loop} ${loop} ${loop}`;
  }
  return { input, outputBaseline, outputCanary };
}
