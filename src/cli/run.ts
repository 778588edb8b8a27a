import { main } from './main.ts';

// The executable entry: exit explicitly so a stray open handle can never keep a finished
// command alive.
process.exit(await main(process.argv.slice(2)));
