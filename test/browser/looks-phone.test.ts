import { checkLooks, VARIANTS } from './looks-suite.js';

// Every page on a 375-pixel phone, light and dark (see looks-suite.ts).
checkLooks(VARIANTS.filter((v) => v.name.startsWith('phone')));
