// The error box of a form (views/components.ts errorAlert).

export function showError(box, message) {
  box.querySelector('.alert-message').textContent = message;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

export function hideError(box) {
  box.hidden = true;
}
