// Ready-made clients for a server (issue 16): a ShareX custom uploader and
// shell snippets. Each uses the raw upload (PUT /{filename}), which takes the
// owner's default lifetime and answers with the link.

/** A ShareX custom uploader (.sxcu) for this server and an `upload` token. */
export function sharexConfig(origin: string, token: string): Record<string, unknown> {
  return {
    Version: '15.0.0',
    Name: `PicoShare (${new URL(origin).host})`,
    DestinationType: 'ImageUploader, TextUploader, FileUploader',
    RequestMethod: 'PUT',
    RequestURL: `${origin}/{filename}`,
    Headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    Body: 'Binary',
    URL: '{json:url}',
    ErrorMessage: '{response}',
  };
}

/** The .sxcu file's name: the host, without characters a file name cannot hold. */
export const sharexFilename = (origin: string): string => `picoshare-${new URL(origin).host.replace(/[^A-Za-z0-9.-]/g, '-')}.sxcu`;

export interface Snippet {
  id: string;
  title: string;
  text: string;
}

/** Copyable commands; the token comes from $PICOSHARE_TOKEN, so no secret is ever shown in a page twice. */
export function shellSnippets(origin: string): Snippet[] {
  return [
    { id: 'snippet-env', title: 'Keep the token in your shell', text: 'export PICOSHARE_TOKEN=psk_…' },
    { id: 'snippet-curl', title: 'curl', text: `curl -fsS -H "Authorization: Bearer $PICOSHARE_TOKEN" -T photo.jpg ${origin}/` },
    {
      id: 'snippet-curl-multipart',
      title: 'curl, multipart with an expiration',
      text: `curl -fsS -H "Authorization: Bearer $PICOSHARE_TOKEN" -F file=@photo.jpg '${origin}/api/entry?expiration=2030-01-01T00:00:00Z'`,
    },
    { id: 'snippet-httpie', title: 'HTTPie', text: `http -A bearer -a "$PICOSHARE_TOKEN" PUT ${origin}/photo.jpg < photo.jpg` },
    {
      id: 'snippet-function',
      title: 'A shell function: picoshare FILE prints the link',
      text: [
        '# Add to ~/.bashrc or ~/.zshrc.',
        'picoshare() {',
        '  [ -f "$1" ] || { echo "usage: picoshare FILE" >&2; return 2; }',
        `  curl -fsS -H "Authorization: Bearer \${PICOSHARE_TOKEN:?set PICOSHARE_TOKEN}" -T "$1" '${origin}/'`,
        '}',
      ].join('\n'),
    },
  ];
}
