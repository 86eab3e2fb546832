import { checkLooks, VARIANTS } from './looks-suite.js';

// Every page at desktop size, light and dark (see looks-suite.ts).
checkLooks(VARIANTS.filter((v) => v.name.startsWith('desktop')));
