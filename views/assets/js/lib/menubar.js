// The navigation bar is an ARIA menubar (upstream's tests find its items by the
// role menuitem), so it gets a menubar's keys: arrows move between items, Down
// opens the System menu, Escape closes it. Pointer users open it by hovering
// (CSS) or clicking.

const items = (container) => [...container.querySelectorAll(':scope > li > [role="menuitem"]')];

function moveFocus(list, current, step) {
  const index = list.indexOf(current);
  list[(index + step + list.length) % list.length]?.focus();
}

function setUpSubmenu(trigger) {
  const menu = document.getElementById(trigger.getAttribute('aria-controls'));
  const open = (focusFirst) => {
    trigger.setAttribute('aria-expanded', 'true');
    if (focusFirst) items(menu)[0]?.focus();
  };
  const close = () => trigger.setAttribute('aria-expanded', 'false');

  trigger.addEventListener('click', () => (trigger.getAttribute('aria-expanded') === 'true' ? close() : open(false)));
  trigger.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      open(true);
    }
  });
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveFocus(items(menu), document.activeElement, event.key === 'ArrowDown' ? 1 : -1);
    }
  });
  const item = trigger.parentElement;
  item.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    close();
    trigger.focus();
  });
  document.addEventListener('click', (event) => {
    if (!item.contains(event.target)) close();
  });
  item.addEventListener('focusout', (event) => {
    if (!item.contains(event.relatedTarget)) close();
  });
}

export function setUpMenubar(menubar) {
  if (!menubar) return;
  menubar.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const top = items(menubar);
    const current = top.find((item) => item.parentElement.contains(document.activeElement));
    if (!current) return;
    event.preventDefault();
    moveFocus(top, current, event.key === 'ArrowRight' ? 1 : -1);
  });
  for (const trigger of menubar.querySelectorAll('[aria-haspopup="menu"]')) setUpSubmenu(trigger);
}
