/**
 * The simulated physical world of demo mode: one hub agent per hub (real MQTT, simulated Z-Wave locks)
 * and one simulated Bluetooth lock per Bluetooth door, provisioned from the database. The simulation
 * endpoints act on it as a person on site would: type on a keypad, unplug a hub, walk up with a phone.
 */
import type { Logger } from 'pino';
import { HubAgent, type HubAgentFaults } from '../hub/hubAgent.ts';
import { type LatencyRange, SimulatedLock } from '../hub/simulatedLock.ts';
import type { Clock } from '../platform/clock.ts';
import { hubMqttPassword } from '../security/hubCredentials.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import { storeHubCredentials } from '../services/hubs.ts';
import type { Db } from '../store/database.ts';
import { type DeviceRow, listDevices } from '../store/repositories/devices.ts';
import { hubCredentialState } from '../store/repositories/hubSecrets.ts';
import { bleKeyOf } from '../sync/bluetoothCourier.ts';
import { KeypadLockout } from './keypadLockout.ts';
import { SimulatedBluetoothLock } from './simulatedBluetoothLock.ts';

export interface SimWorldOptions {
  db: Db;
  cipher: PinCipher;
  clock: Clock;
  mqttUrl: string;
  /** CA file for an mqtts:// broker with a private CA. */
  mqttCaFile?: string;
  logger: Logger;
  /** The demo community: the simulated world holds its locks and hubs and never touches another community's. */
  communityId: string;
  /** Radio latency of simulated hub locks (default 300–1500 ms, like Z-Wave). */
  latencyMs?: LatencyRange;
  /** Test seam: fault injection on every hub's results. */
  faults?: HubAgentFaults;
}

type SimulatedDevice = DeviceRow & { connectivity: 'hub' | 'bluetooth' };

function isSimulatable(device: DeviceRow): device is SimulatedDevice {
  return device.connectivity !== 'seam';
}

export interface SimLockInfo {
  lockId: string;
  accessPointId: string;
  hubId: string | null;
  name: string;
  connectivity: 'hub' | 'bluetooth';
  online: boolean;
}

export class SimWorld {
  readonly #options: SimWorldOptions;
  readonly #devices = new Map<string, SimulatedDevice>();
  readonly #hubLocks = new Map<string, SimulatedLock>();
  readonly #bleLocks = new Map<string, SimulatedBluetoothLock>();
  readonly #agents = new Map<string, HubAgent>();
  /** The keypads' lockouts after wrong-code bursts (a real lock keeps its own). */
  readonly keypadLockout = new KeypadLockout();

  private constructor(options: SimWorldOptions) {
    this.#options = options;
  }

  static async start(options: SimWorldOptions): Promise<SimWorld> {
    const world = new SimWorld(options);
    await world.#provision();
    return world;
  }

  async #provision(): Promise<void> {
    const { db, cipher, clock, mqttUrl, logger } = this.#options;
    // Only the demo community's locks: real hubs and other communities' locks are never simulated or driven.
    // Retiring locks too (their codes still have to leave them); hubs a manager registered are real, not simulated.
    const devices = (await listDevices(db, this.#options.communityId, { includeRetiring: true })).filter(
      (d) => !d.hubRegistered,
    );
    const byHub = new Map<string, SimulatedLock[]>();
    for (const device of devices) {
      if (!isSimulatable(device)) continue; // cloud locks live in their vendor's cloud, not in this world
      this.#devices.set(device.lockId, device);
      if (device.connectivity === 'bluetooth') {
        const key = bleKeyOf(cipher, { id: device.lockId, bleKeyEnc: device.bleKeyEnc });
        this.#bleLocks.set(
          device.lockId,
          new SimulatedBluetoothLock({
            lockId: device.lockId,
            key,
            clock,
            slotCount: device.slotCount,
            codeLengths: device.codeLengths,
          }),
        );
        continue;
      }
      const lock = new SimulatedLock({
        // A hub knows its locks by address (the demo's: their ids).
        lockId: device.address ?? device.lockId,
        slotCount: device.slotCount,
        codeLengths: device.codeLengths,
        readableCodes: device.readableCodes,
        latencyMs: this.#options.latencyMs ?? { min: 300, max: 1500 },
        clock,
      });
      this.#hubLocks.set(device.lockId, lock);
      if (device.hubId) byHub.set(device.hubId, [...(byHub.get(device.hubId) ?? []), lock]);
    }
    for (const [hubId, drivers] of byHub) {
      const credentials = await this.#credentialsOf(hubId);
      const agent = new HubAgent({
        hubId,
        mqttUrl,
        ...credentials,
        ...(this.#options.mqttCaFile ? { caFile: this.#options.mqttCaFile } : {}),
        drivers,
        logger,
        clock,
        agentName: 'keyway-simulated-hub',
        ...(this.#options.faults ? { faults: this.#options.faults } : {}),
      });
      this.#agents.set(hubId, agent);
      await agent.start();
    }
  }

  /**
   * A simulated hub signs in like a real one, with its own credentials (a "sim-" username, so it stays simulated)
   * and seals PINs with the key derived from them. Issued on the first start; later starts derive the same password.
   */
  async #credentialsOf(hubId: string): Promise<{ username: string; password: string }> {
    const { db, cipher, clock } = this.#options;
    const state = await hubCredentialState(db, hubId);
    if (state?.mqttUsername?.startsWith('sim-') && state.credentialsIssuedAt && state.hasSealKey) {
      return { username: state.mqttUsername, password: hubMqttPassword(cipher, hubId, state.credentialsIssuedAt) };
    }
    return db.transaction((tx) => storeHubCredentials(tx, { cipher }, hubId, clock.now(), 'sim'));
  }

  locks(): SimLockInfo[] {
    return [...this.#devices.values()].map((d) => ({
      lockId: d.lockId,
      accessPointId: d.accessPointId,
      hubId: d.hubId,
      name: d.name,
      connectivity: d.connectivity,
      online: d.hubId ? (this.#agents.get(d.hubId)?.isOnline() ?? false) : true,
    }));
  }

  /** The demo community: the only one this world serves. */
  get communityId(): string {
    return this.#options.communityId;
  }

  communityOf(lockId: string): string | undefined {
    return this.#devices.get(lockId)?.communityId;
  }

  hubCommunity(hubId: string): string | undefined {
    return [...this.#devices.values()].find((d) => d.hubId === hubId)?.communityId;
  }

  /** What the lock really holds, slot by slot. */
  slots(lockId: string): { slot: number; code: string }[] | undefined {
    return (this.#hubLocks.get(lockId) ?? this.#bleLocks.get(lockId))?.slots();
  }

  typeCode(lockId: string, code: string): boolean | undefined {
    const lock = this.#hubLocks.get(lockId) ?? this.#bleLocks.get(lockId);
    return lock?.typeCode(code);
  }

  bluetoothLock(lockId: string): SimulatedBluetoothLock | undefined {
    return this.#bleLocks.get(lockId);
  }

  hubLock(lockId: string): SimulatedLock | undefined {
    return this.#hubLocks.get(lockId);
  }

  hub(hubId: string): HubAgent | undefined {
    return this.#agents.get(hubId);
  }

  async setHubOnline(hubId: string, online: boolean): Promise<boolean | undefined> {
    const agent = this.#agents.get(hubId);
    if (!agent) return undefined;
    if (online && !agent.isOnline()) await agent.replug();
    if (!online && agent.isOnline()) await agent.unplug();
    return agent.isOnline();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((agent) => agent.stop().catch(() => undefined)));
  }
}
