/** Where things are on the resident app's screens, for the browser tests (one definition, not one per file). */
import type { Locator, Page } from 'playwright-core';

export const homeCard = (p: Page) => p.getByRole('region', { name: 'Home', exact: true });

/** A bottom-bar tab of the resident app: Access, Guests, Activity. */
export const tab = (p: Page, name: string) =>
  p.getByRole('navigation', { name: 'Resident' }).getByRole('button', { name, exact: true });

/** Opens the Home card's gear menu and one of its flows; the flow's dialog. */
export async function openCodeSettings(p: Page, item: 'Generate a Code' | 'Pick a Code'): Promise<Locator> {
  await homeCard(p).getByRole('button', { name: 'Access code settings' }).click();
  await p.getByRole('menuitem', { name: item }).click();
  const dialog = p.getByRole('dialog', { name: item });
  await dialog.waitFor();
  return dialog;
}
