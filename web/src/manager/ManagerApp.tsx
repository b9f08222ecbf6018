import { useEffect, useRef, useState } from 'react';
import { AccountSection } from '../account/AccountPage.tsx';
import { FailedMessages } from '../account/FailedMessages.tsx';
import { api, type LockFleetResponse, type SettingsResponse, type User } from '../api.ts';
import { DemoPanel } from '../demo/DemoPanel.tsx';
import { appRouter, routeName, useLocation } from '../shared/router.ts';
import { ActivityPage } from './ActivityPage.tsx';
import { AlertBanner } from './AlertBanner.tsx';
import { CloudLocksPage } from './CloudLocksPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { IntegrationsPage } from './IntegrationsPage.tsx';
import { LocksPage } from './LocksPage.tsx';
import { PropertyPage } from './provision/PropertyPage.tsx';
import { ResidentsPage } from './ResidentsPage.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { StaffCodesPage } from './StaffCodesPage.tsx';
import { SessionEndedContext } from './session.ts';
import { UnitsPage } from './UnitsPage.tsx';
import { leavePage } from './unsavedChanges.ts';
import './console.css';

export interface ManagerAppProps {
  user: User;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

type Page =
  | 'settings'
  | 'residents'
  | 'import'
  | 'units'
  | 'property'
  | 'staff-codes'
  | 'locks'
  | 'cloud'
  | 'integrations'
  | 'activity'
  | 'emails'
  | 'account'
  | 'demo';

const PAGES: { page: Page; label: string; title: string }[] = [
  { page: 'settings', label: 'Settings', title: 'Community settings' },
  { page: 'residents', label: 'Residents', title: 'Residents' },
  { page: 'import', label: 'Import', title: 'Import residents' },
  { page: 'units', label: 'Units', title: 'Units' },
  { page: 'property', label: 'Property', title: 'Property: units, doors, locks and hubs' },
  { page: 'staff-codes', label: 'Staff codes', title: 'Staff and vendor codes' },
  { page: 'locks', label: 'Locks', title: 'Locks' },
  { page: 'cloud', label: 'Cloud locks', title: 'Cloud locks (Seam)' },
  { page: 'integrations', label: 'Integrations', title: 'Integrations: API keys, webhooks and their codes' },
  { page: 'activity', label: 'Activity', title: 'Activity' },
  { page: 'emails', label: 'Emails', title: 'Outgoing emails' },
  { page: 'account', label: 'Account', title: 'Your account' },
  { page: 'demo', label: 'Demo', title: 'Demo: the simulated community' },
];

const SETTINGS = { page: 'settings', label: 'Settings', title: 'Community settings' } as const;

const PAGE_NAMES = PAGES.map((p) => p.page);
/** Each page is a path, so Back returns to the last page and `/manager/locks` opens on reload. */
const pagePath = (page: Page) => `/manager/${page}`;

/** The manager console (managers and staff; staff see but do not change). */
export function ManagerApp({ user, onSignOut, onSessionEnded }: ManagerAppProps) {
  const location = useLocation();
  const page = routeName(PAGE_NAMES, 'settings', location, '/manager/');
  const [simulated, setSimulated] = useState(false);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const [hubNames, setHubNames] = useState<Record<string, string>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const canEdit = user.role === 'manager';

  useEffect(() => {
    // The Demo page exists only where the server simulates the locks.
    api('GET', '/sim/locks').then(
      () => setSimulated(true),
      () => setSimulated(false),
    );
    api<SettingsResponse>('GET', '/community/settings').then(
      (r) => setTimeZone(r.settings.timeZone),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    if (page !== 'demo') return;
    api<LockFleetResponse>('GET', '/locks').then(
      (r) =>
        setHubNames(
          Object.fromEntries(
            r.locks.filter((l) => l.hubId && l.hubName).map((l) => [l.hubId as string, l.hubName as string]),
          ),
        ),
      () => undefined,
    );
  }, [page]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change, which is what it is for
  useEffect(() => {
    // Moving to another page puts focus on its heading, so screen readers announce where you are.
    if (moved.current) headingRef.current?.focus();
  }, [page]);

  const go = (next: Page) => {
    moved.current = true;
    appRouter().navigate(pagePath(next));
  };

  const pages = PAGES.filter((p) => p.page !== 'demo' || simulated);
  const shown = pages.find((p) => p.page === page) ?? SETTINGS;

  // An address that is no page of the console (`/`, a resident's tab, an old `#locks` link): the page's own.
  useEffect(() => {
    if (location.path !== pagePath(page) || location.hash) appRouter().navigate(pagePath(page), { replace: true });
  }, [location.path, location.hash, page]);

  return (
    <SessionEndedContext.Provider value={onSessionEnded}>
      <main className="mgr">
        <header className="mgr-header">
          <p className="brand mgr-brand">Keyway</p>
          <p className="muted small">
            Manager console · {user.name}
            {user.role === 'staff' ? ' (staff — read only)' : ''}
          </p>
        </header>
        {/* On a phone the page list hides behind one Menu button, so the navigation stays one row. */}
        <nav
          className="topnav mgr-nav"
          aria-label="Manager console"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setMenuOpen(false);
          }}
        >
          <button
            type="button"
            className="mgr-menu-button"
            aria-expanded={menuOpen}
            aria-controls="mgr-pages"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> Menu<span className="mgr-menu-current"> · {shown.label}</span>
          </button>
          <ul id="mgr-pages" className={`mgr-pages${menuOpen ? ' mgr-pages-open' : ''}`}>
            {pages.map((p) => (
              <li key={p.page}>
                <button
                  type="button"
                  aria-current={shown.page === p.page ? 'page' : undefined}
                  onClick={() => {
                    setMenuOpen(false);
                    leavePage(() => go(p.page));
                  }}
                >
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="mgr-signout" onClick={() => leavePage(onSignOut)}>
            Sign out
          </button>
        </nav>
        <h1 className="mgr-title" tabIndex={-1} ref={headingRef}>
          {shown.title}
        </h1>
        {user.role === 'manager' && <AlertBanner timeZone={timeZone} />}
        {shown.page === 'settings' && <SettingsPage canEdit={canEdit} />}
        {shown.page === 'residents' && <ResidentsPage canEdit={canEdit} timeZone={timeZone} />}
        {shown.page === 'import' && <ImportPage canEdit={canEdit} />}
        {shown.page === 'units' && <UnitsPage />}
        {shown.page === 'property' && <PropertyPage canEdit={canEdit} timeZone={timeZone} />}
        {shown.page === 'staff-codes' && <StaffCodesPage canEdit={canEdit} timeZone={timeZone} />}
        {shown.page === 'locks' && <LocksPage timeZone={timeZone} />}
        {shown.page === 'cloud' && <CloudLocksPage canEdit={canEdit} timeZone={timeZone} />}
        {shown.page === 'integrations' && <IntegrationsPage canEdit={canEdit} timeZone={timeZone} />}
        {shown.page === 'activity' && <ActivityPage timeZone={timeZone} />}
        {shown.page === 'emails' && <FailedMessages canEdit={canEdit} />}
        {shown.page === 'account' && <AccountSection onSignedOut={onSessionEnded} />}
        {shown.page === 'demo' && <DemoPanel hubNames={hubNames} onSessionEnded={onSessionEnded} />}
      </main>
    </SessionEndedContext.Provider>
  );
}
