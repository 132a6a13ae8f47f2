import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm deep teal; shade 7 keeps white text above 4.5:1. */
const rapport: MantineColorsTuple = [
  '#e7f6f5',
  '#cfeceb',
  '#a0d9d5',
  '#6dc4bd',
  '#44b1a9',
  '#2a9f96',
  '#1a877f',
  '#0f6f68',
  '#0a5b55',
  '#054540',
];

export const theme = createTheme({
  primaryColor: 'rapport',
  primaryShade: 7,
  colors: { rapport },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif, "Apple Color Emoji"',
  headings: { fontWeight: '650' },
});
