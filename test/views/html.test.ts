import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, trusted } from '../../views/html.js';

test('escapeHtml escapes the five characters that matter in content and quoted attributes', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('html escapes every interpolated string by default', () => {
  const name = '<img src=x onerror=alert(1)>';
  assert.equal(html`<p title="${name}">${name}</p>`.markup, '<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</p>');
});

test('nested templates and trusted markup pass through; arrays join; null, undefined and false vanish', () => {
  const items = ['a<', 'b'].map((s) => html`<li>${s}</li>`);
  assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${0}${trusted('<hr>')}`.markup, '<ul><li>a&lt;</li><li>b</li></ul>0<hr>');
});

