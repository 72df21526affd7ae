export { abnormalListCsv } from './abnormal-list.sample.ts';
export { hasData, loadDemo, type Scale, writeDemoFiles } from './demo.service.ts';
export { writeSampleAbnormalList, writeSampleLedgers } from './ledger-samples.ts';
