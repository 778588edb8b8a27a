import { fuzzCaptures } from './_fuzz-run.ts';

fuzzCaptures(['statuspage-v2', 'incidentio', 'gcp', 'aws']);
