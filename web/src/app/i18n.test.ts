import { describe, expect, it } from 'vitest';
import en from './locales/en';
import zhCN from './locales/zh-CN';

function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function lookup(messages: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], messages);
}

function placeholdersOf(text: unknown): string[] {
  return [...String(text).matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();
}

describe('translations', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keysOf(zhCN)) {
      expect(placeholdersOf(lookup(en, key)), key).toEqual(placeholdersOf(lookup(zhCN, key)));
    }
  });

  it('have no empty messages', () => {
    for (const messages of [zhCN, en]) {
      for (const key of keysOf(messages)) {
        const text = lookup(messages, key);
        expect(typeof text === 'string' && text.trim() !== '', key).toBe(true);
      }
    }
  });
});
