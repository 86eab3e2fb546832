import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { BASIC, SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';

// Routing as upstream's router does it (picoshare.md §1.1), and errors that
// Fastify or Node answer before any route runs, still as plain text (§1.3).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const plainText = (res: { headers: Record<string, unknown> }) => assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');

describe('methods and prefixes', () => {
  for (const [method, url] of [['POST', '/files'], ['DELETE', '/settings'], ['POST', '/-abcdefghij'], ['PUT', '/api/entries'], ['GET', '/api/auth']] as const) {
    test(`${method} ${url}: a known path with another method is 405 with an empty body`, async () => {
      const res = await t.app.inject({ method, url, headers: { authorization: BASIC } });
      assert.equal(res.statusCode, 405);
      assert.equal(res.body, '');
    });
  }

  test('PUT /{name} still uploads a file whatever its name, page names included', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/files', headers: { authorization: BASIC }, payload: 'x' });
    assert.equal(res.statusCode, 201, res.body);
  });

  test('the guest page is a prefix route: anything after the ID is ignored', async () => {
    const id = await createGuestLink(t.app);
    const res = await t.app.inject({ method: 'GET', url: `/g/${id}/anything/at/all` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="upload-form"/);
  });

  for (const url of ['/-', '/!', '/-/x', '/g/']) {
    test(`GET ${url}: an empty ID is no route, 404`, async () => {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404);
      assert.equal(res.body, '404 page not found\n');
    });
  }
});

describe('errors raised before a route runs', () => {
  test('an ID far too long is refused in upstream words, not 414', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/-${'a'.repeat(101)}` });
    assert.equal(res.statusCode, 400);
    assert.equal(res.body, 'bad entry ID: entry ID (' + 'a'.repeat(101) + ') has invalid length: got 101, want 10\n');
    assert.match(String(res.headers['content-security-policy']), /^sandbox; default-src 'none'/);
  });

  test('a malformed percent-encoding is 400 in plain text', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/-%ZZ' });
    assert.equal(res.statusCode, 400);
    plainText(res);
    assert.doesNotMatch(res.body, /^\{/);
  });

  test('a malformed Content-Type does not stop JSON being read (decision A3)', async () => {
    for (const type of ['a/b/c', 'garbage']) {
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth', headers: { 'content-type': type }, payload: '{"sharedSecretKey":"nope"}' });
      assert.equal(wrong.statusCode, 401, type);
      assert.equal(wrong.body, 'incorrect shared secret\n');
    }
    const right = await t.app.inject({ method: 'POST', url: '/api/auth', headers: { 'content-type': 'a/b/c' }, payload: JSON.stringify({ sharedSecretKey: SECRET }) });
    assert.equal(right.statusCode, 200);
  });

  test('a request Node cannot parse gets 400 in plain text and a closed connection', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /api/auth HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      });
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    assert.match(answer, /\r\n\r\n400 Bad Request\n$/);
  });
});
