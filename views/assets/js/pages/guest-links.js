// Guest link rows: enable, disable and delete through the API, updated in place.
// Delete asks no question, as upstream's does: automation written for upstream
// clicks it once and moves on, and the guest's files stay.
import { callApi } from '../lib/api.js';
import { showToast } from '../lib/toast.js';

// As long as the stylesheet's fade of a deleted row.
const FADE_MS = 300;

const ACTIONS = {
  enable: { label: 'Enable', next: 'disable', message: 'Guest link reactivated' },
  disable: { label: 'Disable', next: 'enable', message: 'Guest link disabled' },
};

/** Shows a row as active (label links to the upload page, Copy shown) or not. */
function showActive(row, active) {
  row.classList.toggle('inactive', !active);
  const cell = row.querySelector('.cell-label');
  const current = cell.firstElementChild;
  const wanted = active ? 'A' : 'SPAN';
  if (current.tagName === wanted) return;
  const replacement = document.createElement(wanted.toLowerCase());
  if (active) replacement.href = `/g/${row.dataset.linkId}`;
  replacement.append(...current.childNodes);
  current.replaceWith(replacement);
}

/** The "Disabled" badge after the label (views/pages/guest-links.ts statusBadge). */
function showDisabled(row, disabled) {
  const cell = row.querySelector('.cell-label');
  const badge = cell.querySelector('.status-badge[data-status="disabled"]');
  if (!disabled) {
    // The space before it goes too (see statusBadge).
    if (badge?.previousSibling?.nodeType === Node.TEXT_NODE) badge.previousSibling.remove();
    badge?.remove();
    return;
  }
  if (badge) return;
  const added = document.createElement('span');
  added.className = 'status-badge';
  added.dataset.status = 'disabled';
  added.textContent = 'Disabled';
  cell.firstElementChild.after(' ', added);
}

function showToggle(button, action) {
  const { label } = ACTIONS[action];
  button.dataset.action = action;
  button.setAttribute('aria-label', label);
  button.title = label;
}

async function toggle(row, button) {
  const action = button.dataset.action;
  await callApi('PUT', `/api/guest-links/${encodeURIComponent(row.dataset.linkId)}/${action}`);
  showToggle(button, ACTIONS[action].next);
  // Enabling does not make a link active if it has expired or is full: ask.
  const link = await (await callApi('GET', `/api/guest-links/${encodeURIComponent(row.dataset.linkId)}`)).json();
  showActive(row, Boolean(link?.isActive));
  showDisabled(row, link ? link.isDisabled : action === 'disable');
  showToast(ACTIONS[action].message);
}

async function remove(row) {
  await callApi('DELETE', `/api/guest-links/${encodeURIComponent(row.dataset.linkId)}`);
  row.classList.add('removed');
  setTimeout(() => {
    const table = row.closest('.table-container');
    row.remove();
    // The last one of the page gone: with other pages, the server's next view
    // of the list; otherwise the page as the server renders it with none.
    if (table && !table.querySelector('tr[data-link-id]') && document.querySelector('.pager-links')) {
      window.location.assign('/guest-links');
    } else if (table && !table.querySelector('tr[data-link-id]')) {
      document.querySelector('.pager')?.remove();
      const empty = document.createElement('p');
      empty.className = 'empty-state card';
      empty.textContent = 'No guest links yet.';
      table.replaceWith(empty);
    }
  }, FADE_MS);
  showToast('Guest link deleted');
}

for (const row of document.querySelectorAll('tr[data-link-id]')) {
  row.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    button.disabled = true;
    try {
      if (button.dataset.action === 'delete') await remove(row);
      else await toggle(row, button);
    } catch (err) {
      showToast(err.message, { error: true });
    } finally {
      button.disabled = false;
    }
  });
}
