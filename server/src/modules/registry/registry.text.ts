/** Escapes LIKE's wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Spaces between two Han characters ("张 三", "张　三"): typing, or a form that padded the name.
const HAN_SPACE = /(\p{Script=Han})[\s\u3000]+(?=\p{Script=Han})/gu;
// The separator of minority and foreign names (买买提·艾力): typed as a bullet, a full stop, a katakana
// dot…, with or without spaces; the registry keeps U+00B7.
const HAN_DOT = /(\p{Script=Han})[\s\u3000]*[·•.．・‧⋅∙﹒][\s\u3000]*(?=\p{Script=Han})/gu;

/**
 * A person's name as the registry keeps and searches it: trimmed, no spaces between Han characters,
 * one middle dot. Latin names keep their spaces ("Anna Li").
 */
export function normalisePersonName(name: string): string {
  return name.trim().replace(HAN_DOT, '$1·').replace(HAN_SPACE, '$1');
}
