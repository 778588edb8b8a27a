import { fuzzCaptures } from './_fuzz-run.ts';

fuzzCaptures(['statuspage-feed', 'statuspage-html']);
