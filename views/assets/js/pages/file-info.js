// The file information page shows the file's links in <upload-links>.
import '../components/upload-links.js';
import { watchCopyButtons } from '../lib/copy-buttons.js';

// The SHA-256's `sha256sum -c` line (issue 17).
watchCopyButtons();
