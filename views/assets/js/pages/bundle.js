// A bundle's page for recipients: its checksum lines copy on a click.
import { watchCopyButtons } from '../lib/copy-buttons.js';

watchCopyButtons();
