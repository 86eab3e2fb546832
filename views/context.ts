/** What every page needs from the request that asked for it. */
export interface ViewContext {
  /** This response's CSP nonce: every <script> and stylesheet element carries it. */
  nonce: string;
  /** Whether the visitor is the owner: decides the navigation and the index page. */
  signedIn: boolean;
  /** The URL of a file under views/assets, which changes with its content. */
  asset(path: string): string;
  /** A script entry's bundle (`js/pages/upload.js`), which changes with its content. */
  script(entry: string): PageScript;
  /** The origin download links point to (`PS_DOWNLOAD_ORIGIN`, or this site's). */
  downloadOrigin: string;
}

/** A page script as the browser loads it: its bundle and the shared chunks it imports. */
export interface PageScript {
  src: string;
  preload: string[];
}
