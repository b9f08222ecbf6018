/**
 * The resident app: Access (my codes and how each door is doing), Guests (guest codes and share links)
 * and Activity, switched by a bottom tab bar. Cards and activity stay live over Server-Sent Events; when
 * the live feed is down the app polls instead.
 */
import { type ComponentType, useCallback, useEffect, useMemo, useState } from 'react';
import {
  type Activity,
  type ActivityListResponse,
  ApiError,
  api,
  type Card,
  type CardListResponse,
  type GuestCode,
  type GuestCodeListResponse,
  type Settings,
  type SettingsResponse,
  type SimLock,
  type SimLockListResponse,
  type User,
} from '../api.ts';
import { KeyIcon, ListIcon, PeopleIcon } from '../shared/icons.tsx';
import { useOnline } from '../shared/offline.ts';
import { appRouter, routeName, useLocation } from '../shared/router.ts';
import { AccessTab } from './AccessTab.tsx';
import { ActivityTab } from './ActivityTab.tsx';
import { useBluetoothCourier } from './bluetoothCourier.ts';
import { GuestsTab } from './GuestsTab.tsx';
import { ResidentContext, type ResidentContextValue } from './residentContext.ts';
import { useLiveFeed } from './useLiveFeed.ts';
import './resident.css';

export interface ResidentAppProps {
  user: User;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

type Tab = 'access' | 'guests' | 'activity';
const TABS: { id: Tab; label: string; Icon: ComponentType }[] = [
  { id: 'access', label: 'Access', Icon: KeyIcon },
  { id: 'guests', label: 'Guests', Icon: PeopleIcon },
  { id: 'activity', label: 'Activity', Icon: ListIcon },
];
const ACTIVITY_PAGE = 50;
const POLL_MS = 5_000;

const TAB_NAMES = TABS.map((t) => t.id);
/** Each tab is a path, so Back returns to the last tab and `/guests` opens on reload. */
const tabPath = (tab: Tab) => (tab === 'access' ? '/' : `/${tab}`);
const loadError = (what: string) => `Could not load ${what}. Check your connection; we'll keep trying.`;

export function ResidentApp({ user, onSignOut, onSessionEnded }: ResidentAppProps) {
  const location = useLocation();
  const tab = routeName(TAB_NAMES, 'access', location);
  const [cards, setCards] = useState<Card[] | null>(null);
  const [cardsError, setCardsError] = useState<string | null>(null);
  const [lease, setLease] = useState<CardListResponse['lease'] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [simLocks, setSimLocks] = useState<SimLock[] | null>(null);
  const [guestCodes, setGuestCodes] = useState<GuestCode[] | null>(null);
  const [guestsError, setGuestsError] = useState<string | null>(null);
  const [activity, setActivity] = useState<Activity[] | null>(null);
  const [activityError, setActivityError] = useState<string | null>(null);
  const [hasMoreActivity, setHasMoreActivity] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  const sessionEndedBy = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'unauthenticated') {
        onSessionEnded();
        return true;
      }
      return false;
    },
    [onSessionEnded],
  );

  const loadCards = useCallback(async () => {
    try {
      const access = await api<CardListResponse>('GET', '/me/access');
      setCards(access.cards);
      setLease(access.lease ?? null);
      setCardsError(null);
    } catch (e) {
      if (!sessionEndedBy(e)) setCardsError(loadError('your access'));
    }
  }, [sessionEndedBy]);

  const loadGuestCodes = useCallback(async () => {
    try {
      setGuestCodes((await api<GuestCodeListResponse>('GET', '/me/guest-codes')).guestCodes);
      setGuestsError(null);
    } catch (e) {
      if (!sessionEndedBy(e)) setGuestsError(loadError('your guest codes'));
    }
  }, [sessionEndedBy]);

  const loadSettings = useCallback(async () => {
    try {
      setSettings((await api<SettingsResponse>('GET', '/community/settings')).settings);
    } catch (e) {
      sessionEndedBy(e);
    }
  }, [sessionEndedBy]);

  const loadActivity = useCallback(async () => {
    try {
      const entries = (await api<ActivityListResponse>('GET', `/me/activity?limit=${ACTIVITY_PAGE}`)).activity;
      setActivity((current) => mergeActivity(entries, current ?? []));
      setHasMoreActivity(entries.length === ACTIVITY_PAGE);
      setActivityError(null);
    } catch (e) {
      if (!sessionEndedBy(e)) setActivityError(loadError('activity'));
    }
  }, [sessionEndedBy]);

  const loadOlderActivity = async () => {
    const oldest = activity?.[activity.length - 1];
    if (!oldest) return;
    setLoadingMore(true);
    try {
      const entries = (
        await api<ActivityListResponse>('GET', `/me/activity?limit=${ACTIVITY_PAGE}&before=${oldest.id}`)
      ).activity;
      setActivity((current) => mergeActivity(current ?? [], entries));
      setHasMoreActivity(entries.length === ACTIVITY_PAGE);
    } catch (e) {
      if (!sessionEndedBy(e)) setActivityError(loadError('older activity'));
    } finally {
      setLoadingMore(false);
    }
  };

  // First load. The simulation is there only in demo mode: anything but a list means "no simulation".
  useEffect(() => {
    void loadCards();
    void loadSettings();
    void loadGuestCodes();
    void loadActivity();
    api<SimLockListResponse>('GET', '/sim/locks')
      .then((result) => setSimLocks(result.locks))
      .catch(() => setSimLocks(null));
  }, [loadCards, loadSettings, loadGuestCodes, loadActivity]);

  // A `cards` event also means guest codes' doors or the community's settings may have moved.
  const [refreshGuests, setRefreshGuests] = useState(0);
  useEffect(() => {
    if (refreshGuests === 0) return;
    const timer = setTimeout(() => {
      void loadGuestCodes();
      void loadSettings();
    }, 250);
    return () => clearTimeout(timer);
  }, [refreshGuests, loadGuestCodes, loadSettings]);

  const connected = useLiveFeed({
    onCards: (next) => {
      setCards(next);
      setCardsError(null);
      setRefreshGuests((n) => n + 1);
    },
    onActivity: (entry) => setActivity((current) => mergeActivity([entry], current ?? [])),
    onRefused: async () => {
      try {
        await api('GET', '/me/access');
        return true;
      } catch (e) {
        return !sessionEndedBy(e);
      }
    },
  });

  // Without the live feed, poll so that door progress still shows.
  useEffect(() => {
    if (connected) return;
    const timer = setInterval(() => {
      void loadCards();
      void loadGuestCodes();
      if (tab === 'activity') void loadActivity();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [connected, tab, loadCards, loadGuestCodes, loadActivity]);

  // An address that is no tab of this app (an old #guests link, a manager's path): show its tab's own.
  useEffect(() => {
    if (location.path !== tabPath(tab) || location.hash) appRouter().navigate(tabPath(tab), { replace: true });
  }, [location.path, location.hash, tab]);

  const reloadDoors = useCallback(async () => {
    await Promise.all([loadCards(), loadGuestCodes()]);
  }, [loadCards, loadGuestCodes]);
  const online = useOnline();
  const courier = useBluetoothCourier({ userId: user.id, cards, guestCodes, simLocks, online, reload: reloadDoors });

  const switchTab = (next: Tab) => {
    appRouter().navigate(tabPath(next));
    window.scrollTo({ top: 0 });
  };

  const context = useMemo<ResidentContextValue>(
    () => ({
      user,
      settings,
      timeZone: settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      simLockFor: (accessPointId) => simLocks?.find((l) => l.accessPointId === accessPointId),
      deliver: courier.deliver,
      courier,
      applyCard: (card) => setCards((current) => current?.map((c) => (c.id === card.id ? card : c)) ?? [card]),
      sessionEndedBy,
    }),
    [user, settings, simLocks, courier, sessionEndedBy],
  );

  const onGuestChanged = (guest: GuestCode) =>
    setGuestCodes((current) => {
      const list = current ?? [];
      return list.some((g) => g.id === guest.id) ? list.map((g) => (g.id === guest.id ? guest : g)) : [guest, ...list];
    });

  return (
    <ResidentContext.Provider value={context}>
      <div className="resident-app">
        <header className="resident-top">
          <span className="resident-brand">Keyway</span>
          <a className="resident-user small muted" href="/account" title="Your account: password, sign out everywhere">
            {user.name}
          </a>
          <button type="button" className="link-button small" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        <main className="resident">
          {tab === 'access' && <AccessTab cards={cards} error={cardsError} lease={lease} />}
          {tab === 'guests' && (
            <GuestsTab guestCodes={guestCodes} settings={settings} error={guestsError} onChanged={onGuestChanged} />
          )}
          {tab === 'activity' && (
            <ActivityTab
              entries={activity}
              error={activityError}
              timeZone={context.timeZone}
              hasMore={hasMoreActivity}
              loadingMore={loadingMore}
              onLoadMore={loadOlderActivity}
            />
          )}
        </main>
        <nav className="tabbar resident-tabbar" aria-label="Resident">
          {TABS.map(({ id, label, Icon }) => (
            <button key={id} type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => switchTab(id)}>
              <Icon />
              <span>{label}</span>
            </button>
          ))}
        </nav>
      </div>
    </ResidentContext.Provider>
  );
}

/** Newest first, each entry once. */
function mergeActivity(a: Activity[], b: Activity[]): Activity[] {
  const byId = new Map<number, Activity>();
  for (const entry of [...a, ...b]) byId.set(entry.id, entry);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
