import type { ViewContext } from './context.js';
import { html, type SafeHtml } from './html.js';
import { icon } from './icons.js';

// Split by topic and all linked from every page: small, and cached for good.
const STYLESHEETS = ['css/base.css', 'css/frame.css', 'css/controls.css', 'css/tables.css', 'css/upload.css', 'css/pages.css'];

export type NavItem = 'upload' | 'files' | 'guest-links' | 'system';

export interface Page {
  /** Upstream's titles, e.g. `PicoShare - Files`; scripts rely on them. */
  title: string;
  body: SafeHtml;
  /** The page's script under views/assets, e.g. `js/pages/upload.js`; bundled with site.js. */
  script?: string;
  /** The navigation item to mark as current. */
  current?: NavItem;
}

const current = (item: NavItem, page: Page) => (page.current === item ? html` aria-current="page"` : '');

// Roles and names (menuitem "Upload", "Files", "Guest Links", "System", "Log Out",
// "Log In") and the data-test-id attributes are what upstream's browser tests
// and users' scripts look for (ui-contract.md).
function navigation(ctx: ViewContext, page: Page): SafeHtml {
  const items = ctx.signedIn
    ? html`
        <li role="none"><a role="menuitem" class="nav-upload" href="/" data-test-id="upload-btn"${current('upload', page)}>${icon('upload')}<span>Upload</span></a></li>
        <li role="none"><a role="menuitem" href="/files"${current('files', page)}>Files</a></li>
        <li role="none"><a role="menuitem" href="/guest-links"${current('guest-links', page)}>Guest Links</a></li>
        <li role="none" class="has-submenu">
          <button type="button" role="menuitem" aria-haspopup="menu" aria-expanded="false" aria-controls="system-menu" data-test-id="system-dropdown"${current('system', page)}>System${icon('chevron')}</button>
          <ul role="menu" id="system-menu" class="submenu" aria-label="System">
            <li role="none"><a role="menuitem" href="/information">Information</a></li>
            <li role="none"><a role="menuitem" href="/settings">Settings</a></li>
          </ul>
        </li>
        <li role="none"><button type="button" role="menuitem" id="navbar-log-out">Log Out</button></li>`
    : html`<li role="none"><a role="menuitem" class="nav-login" href="/login">Log In</a></li>`;
  return html`
    <header class="site-header">
      <nav class="navbar" aria-label="Main">
        <a class="brand" href="/"><img src="${ctx.asset('icons/logo.svg')}" alt="" width="28" height="28"><span>PicoShare</span></a>
        <ul role="menubar" class="nav-items" aria-label="Main menu">${items}</ul>
      </nav>
    </header>`;
}

// Every page's bundle holds what every page does (site.js) too. Its chunks are
// preloaded with it, so the script runs one round trip after the page arrives
// rather than one per level of imports (issue 14).
function pageScript(ctx: ViewContext, page: Page): SafeHtml {
  const script = ctx.script(page.script ?? 'js/site.js');
  return html`<script type="module" nonce="${ctx.nonce}" src="${script.src}"></script>
${script.preload.map((href) => html`<link rel="modulepreload" nonce="${ctx.nonce}" href="${href}">
`)}`;
}

export function layout(ctx: ViewContext, page: Page): SafeHtml {
  const nonce = ctx.nonce;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#f6f7f9" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#15171a" media="(prefers-color-scheme: dark)">
<title>${page.title}</title>
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="icon" href="${ctx.asset('icons/logo.svg')}" type="image/svg+xml">
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
<link rel="manifest" href="/site.webmanifest">
<meta name="download-origin" content="${ctx.downloadOrigin}">
${STYLESHEETS.map((path) => html`<link rel="stylesheet" nonce="${nonce}" href="${ctx.asset(path)}">
`)}
${pageScript(ctx, page)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
${navigation(ctx, page)}
<main id="main" class="content">${page.body}</main>
<div class="toasts" role="status" aria-live="polite"></div>
</body>
</html>
`;
}
