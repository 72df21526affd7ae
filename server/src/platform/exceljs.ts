import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

/**
 * exceljs, with its XML streaming fixed. Its parser decodes each chunk of a zip entry to text on its
 * own (`utils/parse-sax.js`), so a Chinese character whose UTF-8 bytes straddle two chunks comes
 * out as two replacement characters: streamed ledgers lose about one cell in a thousand. The parser
 * is replaced, before exceljs loads, by the same one with a streaming decoder per entry.
 *
 * Take exceljs from `excel()` here, never by importing it, so that the fix is in place before exceljs's modules
 * take their reference to the parser.
 */
const require = createRequire(import.meta.url);

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = require('saxes') as typeof import('saxes');
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (e) => {
    error = e;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

let loaded: typeof ExcelJSModule | undefined;

/**
 * exceljs, loaded on first use: it is the heaviest package the server has (about a second of a
 * restart's few), and most starts never read or write a workbook.
 */
export function excel(): typeof ExcelJSModule {
  if (loaded) return loaded;
  const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
  require(parseSaxPath);
  const cached = require.cache[parseSaxPath];
  if (!cached) throw new Error('exceljs: parse-sax.js is not where it was expected');
  cached.exports = parseSax;
  loaded = require('exceljs') as typeof ExcelJSModule;
  return loaded;
}
