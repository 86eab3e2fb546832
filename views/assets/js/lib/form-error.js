// The error box of a form (views/components.ts errorAlert).
import { SESSION_ENDED_MESSAGE } from './api.js';

/** A link to the login page that comes back here. */
function loginLink() {
  const link = document.createElement('a');
  link.href = `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  // In a new tab, so that what was typed here is still here to retry.
  link.target = '_blank';
  link.textContent = 'Log in (opens a new tab)';
  return link;
}

export function showError(box, message) {
  const text = box.querySelector('.alert-message');
  text.textContent = message;
  if (message === SESSION_ENDED_MESSAGE) text.append(' ', loginLink());
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

export function hideError(box) {
  box.hidden = true;
}
