// Building elements from script: text goes in as text, never as markup.

/** `<tag attributes…>children…</tag>`; strings among the children become text nodes. */
export function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}
