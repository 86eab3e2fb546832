import { trusted, type SafeHtml } from './html.js';

// Line icons drawn for this project on a 24-unit grid. They inherit the text
// colour and are hidden from screen readers: the control around each icon
// carries the name.
const PATHS = {
  info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
  edit: '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>',
  copy: '<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V6a2 2 0 0 1 2-2h8"/>',
  trash: '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"/>',
  pause: '<circle cx="12" cy="12" r="9"/><path d="M10 9v6M14 9v6"/>',
  play: '<circle cx="12" cy="12" r="9"/><path d="M10 8.5l5 3.5-5 3.5z"/>',
  upload: '<path d="M12 16V4M7 9l5-5 5 5M5 20h14"/>',
  chevron: '<path d="M7 10l5 5 5-5"/>',
  plus: '<path d="M12 5v14M5 12h14"/>',
} as const;

export type IconName = keyof typeof PATHS;

const STROKE = 'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"';

/** An icon drawn in place, for a control a page has once. */
export const icon = (name: IconName): SafeHtml =>
  trusted(
    `<svg class="icon icon-${name}" viewBox="0 0 24 24" width="20" height="20" ${STROKE} aria-hidden="true" focusable="false">${PATHS[name]}</svg>`,
  );

/**
 * The drawings of `names`, once per page, for iconRef to point at: list rows
 * repeat a few icons, and a reference is a sixth of the drawing (issue 10).
 */
export const iconSprite = (names: readonly IconName[]): SafeHtml =>
  trusted(
    `<svg class="icon-sprite" hidden aria-hidden="true">${names
      .map((name) => `<symbol id="icon-${name}" viewBox="0 0 24 24"><g ${STROKE}>${PATHS[name]}</g></symbol>`)
      .join('')}</svg>`,
  );

/** An icon drawn by reference to the page's iconSprite. */
export const iconRef = (name: IconName): SafeHtml =>
  trusted(`<svg class="icon icon-${name}" aria-hidden="true" focusable="false"><use href="#icon-${name}"/></svg>`);
