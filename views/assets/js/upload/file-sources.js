// Where files to upload come from besides the file picker: a drop anywhere on
// the page, or a paste (a screenshot, a file, or text).

const pastedName = () => `pasted-${new Date().toISOString().replaceAll(':', '')}`;

/**
 * The files in a paste: files first (browsers call a pasted screenshot
 * image.png, which gets a dated name), else the text as a UTF-8 .txt file
 * (picoshare.md §6.2).
 */
export function filesFromPaste(data) {
  const files = [...data.files].map((file) =>
    file.name === 'image.png' ? new File([file], `${pastedName()}.png`, { type: file.type }) : file,
  );
  if (files.length > 0) return files;
  const text = data.getData('text/plain') || data.getData('text/html');
  return text ? [new File([text], `${pastedName()}.txt`, { type: 'text/plain;charset=UTF-8' })] : [];
}

const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');

/** Calls `onFiles` with whatever is dropped anywhere on the page, and marks the page while dragging. */
export function watchDrops(onFiles) {
  const body = document.body;
  // dragenter and dragleave fire for every element crossed; count them to know
  // when the pointer really left the window.
  let depth = 0;
  document.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth++;
    body.classList.add('dragging');
  });
  document.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) body.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    body.classList.remove('dragging');
    onFiles([...event.dataTransfer.files]);
  });
}

/** Calls `onFiles` for pastes into the paste box or onto the page, but not into other fields. */
export function watchPastes(pastebox, onFiles) {
  document.addEventListener('paste', (event) => {
    const target = event.target;
    const editable = target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'));
    if (editable && target !== pastebox) return;
    const files = filesFromPaste(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  });
  // The box is only somewhere to paste: typed text would go nowhere, so none stays.
  pastebox.addEventListener('input', () => {
    pastebox.value = '';
  });
}
