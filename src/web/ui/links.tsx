import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
  UnstyledButton,
  type UnstyledButtonProps,
} from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

/** Mantine components rendered as TanStack Router links: typed routes, preloading on hover, real anchors. */

type AnchorElementProps = Omit<ComponentPropsWithRef<'a'>, 'color' | 'style'>;

function MantineAnchor(props: AnchorProps & AnchorElementProps) {
  return <Anchor {...props} />;
}
const CreatedAnchor = createLink(MantineAnchor);
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchor preload="intent" {...props} />;

function MantineButtonAnchor(props: ButtonProps & AnchorElementProps) {
  return <Button component="a" {...props} />;
}
const CreatedButton = createLink(MantineButtonAnchor);
export const ButtonLink: LinkComponent<typeof MantineButtonAnchor> = (props) => (
  <CreatedButton preload="intent" {...props} />
);

function MantineNavLinkAnchor(props: NavLinkProps & AnchorElementProps) {
  return <NavLink component="a" {...props} />;
}
const CreatedNavLink = createLink(MantineNavLinkAnchor);
export const NavLinkLink: LinkComponent<typeof MantineNavLinkAnchor> = (props) => (
  <CreatedNavLink preload="intent" {...props} />
);

function MantineUnstyledAnchor(props: UnstyledButtonProps & AnchorElementProps) {
  return <UnstyledButton component="a" {...props} />;
}
const CreatedUnstyled = createLink(MantineUnstyledAnchor);
export const UnstyledLink: LinkComponent<typeof MantineUnstyledAnchor> = (props) => (
  <CreatedUnstyled preload="intent" {...props} />
);
