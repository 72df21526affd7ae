export { hasData, loadDemo, type Scale, writeDemoFiles } from './demo.service.ts';
export { writeSampleLedgers } from './ledger-samples.ts';
