// The file information page shows the file's links in <upload-links>.
import '../components/upload-links.js';
