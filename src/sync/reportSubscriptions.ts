/**
 * What a server process subscribes to so that, with several processes on one broker, each hub report is
 * handled once: results, keypad events and inventories through an MQTT shared subscription
 * (`$share/<group>/keyway/v1/hubs/+/results`), which the broker hands to ONE member of the group.
 *
 * Hub `status` stays a plain subscription in every process, on purpose:
 * - a process that starts must learn every hub's state from the retained status messages, and brokers differ
 *   on retained messages for shared subscriptions (MQTT 5 sends none when a shared subscription is made;
 *   Mosquitto 2.0.11 sends one to every member) — only a plain subscription gets them everywhere;
 * - each process caches hubs' sealing keys (HubKeyring) and must forget one when its hub reconnects, maybe with
 *   rotated credentials;
 * - applying a status is idempotent (conditional updates, deduplicated events) and statuses are rare
 *   (connects and disconnects), so hearing each N times costs nothing.
 *
 * The group name is derived from the installation's master key: every process of one installation shares the
 * key (and so the group), while another installation on the same broker (a parallel CI run, a staging copy)
 * gets its own group and never receives this one's reports.
 */
import type { PinCipher } from '../security/pinCipher.ts';
import { allHubsTopic } from './hubProtocol.ts';

const SHARED_CHANNELS = ['results', 'events', 'inventory'] as const;

/** The topic filters of the report channels; `shareGroup` undefined: plain subscriptions (embedded broker). */
export function reportSubscriptions(shareGroup: string | undefined): string[] {
  const shared = SHARED_CHANNELS.map((channel) =>
    shareGroup === undefined ? allHubsTopic(channel) : `$share/${shareGroup}/${allHubsTopic(channel)}`,
  );
  return [allHubsTopic('status'), ...shared];
}

/** This installation's share group: `keyway-` and 12 characters only its master key can make (no / + #). */
export function shareGroupOf(cipher: PinCipher): string {
  return `keyway-${cipher
    .derivedSecret('mqtt share group v1')
    .slice(0, 12)
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
}
