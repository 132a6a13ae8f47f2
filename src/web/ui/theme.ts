import {
  type CSSVariablesResolver,
  createTheme,
  Drawer,
  darken,
  luminance,
  type MantineColorsTuple,
  Modal,
  Notification,
} from '@mantine/core';

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
  components: {
    // A dialog's or drawer's close button is an icon only: name it (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // A toast's close button is an icon only: name it for screen readers (axe: button-name).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } },
      // Mantine draws a toast's text in gray 6 (3.3:1 on white): the readable dimmed grey instead.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The darkest shade of `color` needed for text on `background` to reach 4.5:1 (WCAG AA for normal text). */
function readable(color: string, background: string): string {
  for (let k = 0; k <= 0.8; k += 0.05) {
    const c = k === 0 ? color : darken(color, k);
    if (contrast(c, background) >= 4.6) return c;
  }
  return '#000000';
}

/**
 * Secondary text and tinted badges that meet 4.5:1. Mantine's dimmed grey (gray 6) reads at 3.15:1 on the page
 * background; its light variants (badges, initials avatars) put shade 9 on shade 1, which for light hues (lime,
 * yellow, teal, orange) falls below 4.5:1, and white on a light hue's shade 7 (cyan, yellow) too, so each is darkened just
 * enough.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': readable(t.colors.gray[6], t.colors.gray[1]),
    // Field errors (red 6 on white is 3.3:1) and an invalid field's text.
    '--mantine-color-error': readable(t.colors.red[6], '#ffffff'),
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'dark' || shades.length < 10) continue;
    light[`--mantine-color-${name}-light-color`] = readable(shades[9], shades[1]);
    // Filled badges and buttons carry white text; the same colour is the hue's text colour on white.
    light[`--mantine-color-${name}-filled`] = readable(shades[7], '#ffffff');
  }
  return { variables: {}, light, dark: {} };
};
