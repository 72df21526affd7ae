export type Lang = 'zh' | 'en';

/** The caller's language from Accept-Language: English when asked for first, Chinese otherwise. */
export function langOf(acceptLanguage: string | undefined): Lang {
  // A repeated `locale` query parameter arrives as an array: anything but a string is the default.
  return typeof acceptLanguage === 'string' && acceptLanguage.trim().toLowerCase().startsWith('en')
    ? 'en'
    : 'zh';
}

export function format(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
