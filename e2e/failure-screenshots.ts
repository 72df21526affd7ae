import path from 'node:path';
import { afterEach } from 'vitest';
import { openPages, SCREENSHOTS } from './harness.ts';

// When a test fails, every page it left open is photographed (e2e/screenshots/failed-…png), and
// the messages it shows (alerts, form errors, toasts) are printed, so that the log of a failure
// elsewhere says what the browser showed.
const MESSAGES =
  '.ant-alert, .ant-message-notice, .ant-notification-notice, .ant-form-item-explain-error, .ant-result-title';
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  let n = 0;
  for (const page of openPages) {
    const file = path.join(SCREENSHOTS, `failed-${name}-${++n}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      const shown = await page.locator(MESSAGES).allInnerTexts();
      console.error(
        `The page at ${page.url()} when the test failed: ${file}`,
        shown.length > 0 ? `\nIt showed: ${shown.join(' | ')}` : '\nIt showed no message.',
      );
    } catch (error) {
      console.error(`No screenshot of ${page.url()}: ${(error as Error).message}`);
    }
  }
});
