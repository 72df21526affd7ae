export { loadLedgerTypes } from './catalog.ts';
export { encodeGb18030 } from './gb18030.ts';
export { exportCommand, type ImportOptions, importCommand, LedgerCommandError } from './ledgers.cli.ts';
export { ledgersRoutes } from './ledgers.routes.ts';
export { LedgerReadError, readLedger } from './reader.ts';
export { cleanText, isSummaryLine, parseDate } from './transforms.ts';
export { withUploadedLedger } from './upload.ts';
