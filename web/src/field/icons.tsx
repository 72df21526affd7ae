/** Line icons drawn inline (emoji fonts are missing on some phones and in headless browsers). */
const PATHS = {
  tasks: 'M9 4h6v3H9z M6 6h12v15H6z M9 12h6 M9 16h6',
  report: 'M4 8h4l2-3h4l2 3h4v11H4z M12 16.5a3 3 0 1 0 0-6a3 3 0 0 0 0 6z',
  lookup: 'M10.5 17a6.5 6.5 0 1 0 0-13a6.5 6.5 0 0 0 0 13z M15.5 15.5L21 21',
  verify: 'M4 12l5 5L20 6',
  queue: 'M12 16V4 M7 9l5-5l5 5 M4 15v5h16v-5',
  pin: 'M12 21s-7-6.5-7-11a7 7 0 0 1 14 0c0 4.5-7 11-7 11z M12 12.5a2.5 2.5 0 1 0 0-5a2.5 2.5 0 0 0 0 5z',
} as const;

export function Icon({ name, size = 22 }: { name: keyof typeof PATHS; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
