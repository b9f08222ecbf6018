/**
 * Keypad use at fleet rate. The hub program (`npm run hub`) has no way to make its simulated locks type codes on
 * their own, so the bench publishes keypad events on each hub's events topic, as that hub would (one extra MQTT
 * connection per hub, with the hub's own credentials and a client id of its own, so the hub's session is left
 * alone). Each event names a random lock of the hub and a slot 1–26 (every lock holds 26 codes).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { hubTopic } from '../../src/sync/hubProtocol.ts';
import type { HubSpec } from './world.ts';

export class KeypadTraffic {
  published = 0;
  errors = 0;
  readonly #clients: { hub: HubSpec; client: MqttClient }[] = [];
  #timer: NodeJS.Timeout | undefined;

  static async connect(hubs: readonly HubSpec[]): Promise<KeypadTraffic> {
    const traffic = new KeypadTraffic();
    for (const hub of hubs) {
      const client = await mqtt.connectAsync(hub.mqttUrl, {
        clientId: `scale-keypad-${hub.id}`,
        clean: true,
        reconnectPeriod: 1_000,
      });
      traffic.#clients.push({ hub, client });
    }
    return traffic;
  }

  /** Publishes `perSecond` events a second in total, spread over the hubs in proportion to their locks. */
  start(perSecond: number, skipHub?: () => string | undefined): void {
    const tickMs = 100;
    let owed = 0;
    const locks = this.#clients.flatMap((c) => c.hub.addresses.map((address) => ({ c, address })));
    this.#timer = setInterval(() => {
      owed += (perSecond * tickMs) / 1000;
      for (; owed >= 1; owed--) {
        const { c, address } = locks[Math.floor(Math.random() * locks.length)]!;
        // A stopped hub publishes nothing.
        if (skipHub?.() === c.hub.id) continue;
        const event = {
          type: 'keypad',
          lockId: address,
          slot: 1 + Math.floor(Math.random() * 26),
          unlocked: true,
          at: new Date().toISOString(),
        };
        this.published++;
        c.client.publishAsync(hubTopic(c.hub.id, 'events'), JSON.stringify(event), { qos: 1 }).catch(() => {
          this.errors++;
        });
      }
    }, tickMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await Promise.all(this.#clients.map((c) => c.client.endAsync()));
  }
}
