/** @type {import('tailwindcss').Config} */
const palette = require("tailwindcss/colors");
const plugin = require("tailwindcss/plugin");

// Dark mode without touching components: the palettes the app and Tremor's charts use are CSS
// variables, and dark mode mirrors each scale (50 ↔ 950, 100 ↔ 900, …; white ↔ slate-900, the
// surface of cards). So `bg-white text-slate-900` or `bg-orange-100 text-orange-900` read the same
// way in both modes. Dark applies with <html class="dark">, or by the system preference unless
// <html class="light"> (the header's toggle sets a cookie; the layout renders the class).
const FAMILIES = ["slate", "gray", "orange", "blue", "yellow", "amber", "emerald", "red", "green", "violet", "sky", "indigo"];
const SHADES = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950];
const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255}`;
};
const v = (name) => `rgb(var(--c-${name}) / <alpha-value>)`;

const light = { "--c-white": rgb("#ffffff"), "--c-black": rgb("#000000") };
const dark = { "--c-white": rgb(palette.slate[900]), "--c-black": rgb("#ffffff") };
const colors = { white: v("white"), black: v("black") };
for (const f of FAMILIES) {
  colors[f] = {};
  for (const s of SHADES) {
    light[`--c-${f}-${s}`] = rgb(palette[f][s]);
    dark[`--c-${f}-${s}`] = rgb(palette[f][1000 - s]);
    colors[f][s] = v(`${f}-${s}`);
  }
}

// Tremor's tokens, light and dark (its documented dark theme, on slate).
const TREMOR = {
  "brand-faint": ["#eff6ff", "#0b1229"],
  "brand-muted": ["#bfdbfe", palette.blue[950]],
  "brand-subtle": ["#60a5fa", palette.blue[800]],
  "brand-DEFAULT": ["#3b82f6", palette.blue[500]],
  "brand-emphasis": ["#1d4ed8", palette.blue[400]],
  "brand-inverted": ["#ffffff", palette.blue[950]],
  "background-muted": ["#f9fafb", "#131a2b"],
  "background-subtle": ["#f3f4f6", palette.slate[800]],
  "background-DEFAULT": ["#ffffff", palette.slate[900]],
  "background-emphasis": ["#374151", palette.slate[300]],
  "border-DEFAULT": ["#e5e7eb", palette.slate[700]],
  "ring-DEFAULT": ["#e5e7eb", palette.slate[700]],
  "content-subtle": ["#9ca3af", palette.slate[500]],
  "content-DEFAULT": ["#6b7280", palette.slate[400]],
  "content-emphasis": ["#374151", palette.slate[200]],
  "content-strong": ["#111827", palette.slate[50]],
  "content-inverted": ["#ffffff", palette.slate[950]],
};
const tremor = {};
for (const [key, [l, d]] of Object.entries(TREMOR)) {
  const [group, shade] = key.split("-");
  light[`--t-${key}`] = rgb(l);
  dark[`--t-${key}`] = rgb(d);
  (tremor[group] ??= {})[shade] = `rgb(var(--t-${key}) / <alpha-value>)`;
}

module.exports = {
  content: ["./app/**/*.{ts,tsx}", "./lib/ui/**/*.{ts,tsx}", "./node_modules/@tremor/**/*.{js,ts,jsx,tsx}"],
  darkMode: ["variant", ["&:is(.dark *)", "@media (prefers-color-scheme: dark) { &:not(.light *) }"]],
  theme: {
    extend: {
      colors: { ...colors, tremor },
      boxShadow: {
        "tremor-input": "0 1px 2px 0 rgb(0 0 0 / 0.05)",
        "tremor-card": "0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)",
        "tremor-dropdown": "0 4px 6px -1px rgb(0 0 0 / 0.1), 0 2px 4px -2px rgb(0 0 0 / 0.1)",
      },
      borderRadius: { "tremor-small": "0.375rem", "tremor-default": "0.5rem", "tremor-full": "9999px" },
      fontSize: {
        "tremor-label": ["0.75rem", { lineHeight: "1rem" }],
        "tremor-default": ["0.875rem", { lineHeight: "1.25rem" }],
        "tremor-title": ["1.125rem", { lineHeight: "1.75rem" }],
        "tremor-metric": ["1.875rem", { lineHeight: "2.25rem" }],
      },
    },
  },
  // Tremor builds chart colour classes at run time from these names.
  safelist: [
    {
      pattern: /^(bg|text|border|ring|stroke|fill)-(slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)-(?:50|100|200|300|400|500|600|700|800|900|950)$/,
      variants: ["hover", "ui-selected"],
    },
  ],
  plugins: [
    plugin(({ addBase }) => {
      addBase({
        ":root": { ...light, colorScheme: "light" },
        ":root.dark": { ...dark, colorScheme: "dark" },
        "@media (prefers-color-scheme: dark)": { ":root:not(.light)": { ...dark, colorScheme: "dark" } },
      });
    }),
  ],
};
