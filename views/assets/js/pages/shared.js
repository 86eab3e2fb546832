// The page after a share from another app: each shared file's links.
import '../components/upload-links.js';
