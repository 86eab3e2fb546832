import type { SafeHtml } from './html.js';

/** What every page needs from the request that asked for it. */
export interface ViewContext {
  /** This response's CSP nonce: every <script> and stylesheet element carries it. */
  nonce: string;
  /** Whether the visitor is the owner: decides the navigation and the index page. */
  signedIn: boolean;
  /** The URL of a file under views/assets, which changes with its content. */
  asset(path: string): string;
  /** The import map that lets modules import each other by their unhashed paths. */
  importMap: SafeHtml;
  /** The origin download links point to (`PS_DOWNLOAD_ORIGIN`, or this site's). */
  downloadOrigin: string;
}
