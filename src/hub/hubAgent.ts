/**
 * The hub program's core: one MQTT connection to Keyway (the contract in src/sync/hubProtocol.ts, documented in
 * docs/mqtt.md) and the lock drivers of this hub.
 *
 * - Announces itself with a retained status (last will = retained offline) and a full inventory of every lock
 *   on every (re)connect, so Keyway can find drift and foreign codes.
 * - Executes commands idempotently by id: the answer to an id is remembered (recent ids, LRU) and repeated for a
 *   duplicate; a duplicate of a command still running waits for that run instead of starting another.
 * - One radio operation at a time per lock (a queue per lock); different locks work in parallel.
 * - Forwards keypad use and reachability as events; reports battery on inventories and periodically.
 * - Locks a keypad out on command (`keypad_lockout`) where the driver can (its inventory says `keypadLockout`).
 *
 * PINs pass through commands and inventories sealed with this hub's key, derived from its MQTT password
 * (src/security/hubSeal.ts): commands are opened here, inventories sealed. An agent without a password (tests and
 * development on an open broker) uses the clear forms. Nothing here logs a payload.
 */
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { connectMqtt } from '../mqtt/connectMqtt.ts';
import type { Clock } from '../platform/clock.ts';
import { deriveHubSealKey } from '../security/hubSeal.ts';
import {
  type CommandResult,
  decode,
  encode,
  type HubChannel,
  type HubCommand,
  type HubStatus,
  hubCommandSchema,
  hubTopic,
  type Inventory,
  inventorySchema,
  type LockEvent,
  type LockFailure,
  openHubCommand,
  sealHubInventory,
  type WireInventory,
} from '../sync/hubProtocol.ts';
import { type LockDriver, LockDriverError, type LockDriverErrorCode } from './lockDriver.ts';

/**
 * TEST SEAM — fault injection for chaos tests only; leave unset in production. Each hook is asked once per
 * result publication (a repeated answer to a duplicate command is a new publication): drop it, send it twice,
 * or hold it back (so later results overtake it).
 */
export interface HubAgentFaults {
  dropResult?(commandId: string): boolean;
  duplicateResult?(commandId: string): boolean;
  delayResultMs?(commandId: string): number;
}

export interface HubAgentOptions {
  /** Topic-safe id: letters, digits, `-`, `_`, `.`. */
  hubId: string;
  mqttUrl: string;
  drivers: LockDriver[];
  logger: Logger;
  clock: Clock;
  /** Announced in the status message. Default "keyway-hub-agent". */
  agentName?: string;
  /** Broker credentials (one pair per hub in production); may also come inside `mqttUrl` (user:pass@). */
  username?: string;
  /** Also the source of the sealing key: without a password (here or in the URL) PINs travel in clear. */
  password?: string;
  /** CA certificate file (PEM) for an mqtts:// broker with a private CA. */
  caFile?: string;
  /** Battery report period in ms; 0 = off. Default 10 minutes. */
  batteryIntervalMs?: number;
  /** How many recent command ids (and their answers) are remembered. Default 1000. */
  commandMemory?: number;
  /** Pause between reconnect attempts in ms. Default 500. */
  reconnectPeriodMs?: number;
  faults?: HubAgentFaults;
}

const HUB_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const STOP_TIMEOUT_MS = 2_000;

const FAILURE_OF: Record<LockDriverErrorCode, LockFailure> = {
  duplicate_on_lock: 'duplicate_on_lock',
  length_not_supported: 'length_not_supported',
  rejected_by_lock: 'rejected_by_lock',
  lock_unreachable: 'lock_unreachable',
  no_free_slot: 'no_free_slot',
};

export class HubAgent {
  readonly hubId: string;
  readonly #options: HubAgentOptions;
  readonly #log: Logger;
  readonly #drivers = new Map<string, LockDriver>();
  readonly #answers = new Map<string, Promise<CommandResult>>();
  readonly #lockQueues = new Map<string, Promise<void>>();
  /** Unsubscribe functions of each driver's keypad/reachability listeners, by lock id. */
  readonly #driverSubscriptions = new Map<string, (() => void)[]>();
  /** This hub's sealing key; undefined for a keyless agent (no password). */
  readonly #sealKey: Buffer | undefined;
  #client: MqttClient | undefined;
  #batteryTimer: NodeJS.Timeout | undefined;
  #started = false;
  #unplugged = false;
  #stopped = false;

  constructor(options: HubAgentOptions) {
    if (!HUB_ID.test(options.hubId))
      throw new Error(`hub id "${options.hubId}" is not topic-safe (letters, digits, - _ . only)`);
    for (const driver of options.drivers) {
      if (this.#drivers.has(driver.lockId)) throw new Error(`lock ${driver.lockId} is listed twice`);
      this.#drivers.set(driver.lockId, driver);
    }
    this.hubId = options.hubId;
    this.#options = options;
    this.#log = options.logger.child({ component: 'hub-agent', hubId: options.hubId });
    const password = options.password ?? passwordInUrl(options.mqttUrl);
    this.#sealKey = password ? deriveHubSealKey(password, options.hubId) : undefined;
  }

  /** Connects, announces status and inventories, and starts taking commands. Resolves once subscribed. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('hub agent already started');
    this.#started = true;
    for (const driver of this.#drivers.values()) this.#subscribe(driver);
    await this.#connect();
  }

  /**
   * A lock found after the start (a Z-Wave node included later): from now on this hub drives it. Once started,
   * the status is announced again with the new lock ids and the lock's inventory is published.
   */
  addDriver(driver: LockDriver): void {
    if (this.#drivers.has(driver.lockId)) throw new Error(`lock ${driver.lockId} is already driven by this hub`);
    this.#drivers.set(driver.lockId, driver);
    if (!this.#started || this.#stopped) return;
    this.#subscribe(driver);
    this.#log.info({ lockId: driver.lockId }, 'lock added');
    const client = this.#client;
    if (client && !this.#unplugged) {
      void this.#publishStatus(client).catch(() => undefined);
      void this.#enqueue(driver.lockId, () => this.#reportInventory(driver)).catch(() => undefined);
    }
  }

  /** A lock that left this hub (a Z-Wave node excluded): no more commands or events; the status is announced again. */
  removeDriver(lockId: string): void {
    if (!this.#drivers.delete(lockId)) return;
    for (const unsubscribe of this.#driverSubscriptions.get(lockId) ?? []) unsubscribe();
    this.#driverSubscriptions.delete(lockId);
    this.#log.info({ lockId }, 'lock removed');
    const client = this.#client;
    if (client && this.#started && !this.#stopped && !this.#unplugged)
      void this.#publishStatus(client).catch(() => undefined);
  }

  #subscribe(driver: LockDriver): void {
    this.#driverSubscriptions.set(driver.lockId, [
      driver.onKeypad((use) =>
        this.#publishEvent({
          type: 'keypad',
          lockId: driver.lockId,
          slot: use.slot,
          unlocked: use.unlocked,
          ...(use.lockedOut ? { lockedOut: true } : {}),
          at: use.at.toISOString(),
        }),
      ),
      driver.onReachability((reachable) => {
        this.#publishEvent({ type: 'reachability', lockId: driver.lockId, reachable, at: this.#now() });
        if (reachable) void this.#enqueue(driver.lockId, () => this.#reportInventory(driver)).catch(() => undefined);
      }),
    ]);
  }

  /** Ends cleanly: retained offline status first, then a normal disconnect (no last will). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopBatteryTimer();
    for (const unsubscribe of [...this.#driverSubscriptions.values()].flat()) unsubscribe();
    this.#driverSubscriptions.clear();
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    const offline: HubStatus = { online: false, at: this.#now() };
    try {
      await withTimeout(
        client.publishAsync(hubTopic(this.hubId, 'status'), encode(offline), { qos: 1, retain: true }),
        STOP_TIMEOUT_MS,
      );
      await withTimeout(client.endAsync(), STOP_TIMEOUT_MS);
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'hub did not disconnect cleanly');
      client.end(true);
    }
    this.#log.info('hub agent stopped');
  }

  /**
   * Simulation: the hub loses power. The connection is dropped without a DISCONNECT, so the broker publishes the
   * last will (offline). Nothing is received or published until `replug()`.
   */
  unplug(): void {
    if (this.#unplugged || !this.#client) return;
    this.#unplugged = true;
    this.#stopBatteryTimer();
    this.#client.end(true);
    this.#client = undefined;
    this.#log.info('hub unplugged');
  }

  /** Simulation: power is back — reconnects and republishes status and inventories. */
  async replug(): Promise<void> {
    if (!this.#unplugged || this.#stopped) return;
    this.#unplugged = false;
    this.#log.info('hub replugged');
    await this.#connect();
  }

  isOnline(): boolean {
    return !this.#unplugged && !this.#stopped && this.#client?.connected === true;
  }

  // ---- connection ------------------------------------------------------------------------------------

  async #connect(): Promise<void> {
    const client = await connectMqtt(this.#options.mqttUrl, {
      clientId: `keyway-hub-${this.hubId}`,
      logger: this.#log,
      clean: true,
      will: { topic: hubTopic(this.hubId, 'status'), payload: encode({ online: false }), qos: 1, retain: true },
      ...(this.#options.username !== undefined ? { username: this.#options.username } : {}),
      ...(this.#options.password !== undefined ? { password: this.#options.password } : {}),
      ...(this.#options.reconnectPeriodMs !== undefined ? { reconnectPeriodMs: this.#options.reconnectPeriodMs } : {}),
      ...(this.#options.caFile !== undefined ? { caFile: this.#options.caFile } : {}),
    });
    if (this.#stopped || this.#unplugged) {
      client.end(true);
      return;
    }
    this.#client = client;
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on(
      'connect',
      () =>
        void this.#announce(client).catch((error) =>
          this.#log.warn({ err: (error as Error).message }, 'announce failed'),
        ),
    );
    await this.#announce(client);
    this.#startBatteryTimer();
  }

  /** On every (re)connect: status, subscription, one inventory per lock. */
  async #announce(client: MqttClient): Promise<void> {
    const announced = Promise.all([
      this.#publishStatus(client),
      client.subscribeAsync(hubTopic(this.hubId, 'commands'), { qos: 1 }),
    ]);
    for (const driver of this.#drivers.values()) {
      void this.#enqueue(driver.lockId, () => this.#reportInventory(driver)).catch(() => undefined);
    }
    await announced;
    this.#log.info({ locks: [...this.#drivers.keys()] }, 'hub online');
  }

  /** The retained online status with the ids of the locks driven now. */
  async #publishStatus(client: MqttClient): Promise<void> {
    const status: HubStatus = {
      online: true,
      lockIds: [...this.#drivers.keys()],
      agent: this.#options.agentName ?? 'keyway-hub-agent',
      at: this.#now(),
    };
    await client.publishAsync(hubTopic(this.hubId, 'status'), encode(status), { qos: 1, retain: true });
  }

  // ---- commands --------------------------------------------------------------------------------------

  #onMessage(topic: string, payload: Buffer): void {
    if (topic !== hubTopic(this.hubId, 'commands') || this.#unplugged) return;
    const wire = decode(hubCommandSchema, payload);
    if (!wire) {
      this.#log.warn({ bytes: payload.length }, 'malformed command ignored');
      return;
    }
    // Not sealed for this hub (another key, another command, slot or lock): no answer, so Keyway times it out and
    // retries — after a credential rotation the right key arrives with the restarted agent.
    const command = openHubCommand(this.#sealKey, this.hubId, wire);
    if (!command) {
      this.#log.warn({ commandId: wire.id, sealed: this.#sealKey !== undefined }, 'command did not open: ignored');
      return;
    }
    const known = this.#answers.get(command.id);
    if (known) {
      this.#answers.delete(command.id);
      this.#answers.set(command.id, known);
      this.#log.debug({ commandId: command.id }, 'duplicate command: repeating its answer');
      void known.then((result) => this.#publishResult(result));
      return;
    }
    const answer = this.#execute(command);
    this.#answers.set(command.id, answer);
    const memory = this.#options.commandMemory ?? 1000;
    for (const oldest of this.#answers.keys()) {
      if (this.#answers.size <= memory) break;
      this.#answers.delete(oldest);
    }
    void answer.then((result) => this.#publishResult(result));
  }

  /** Never rejects: every outcome is a CommandResult. */
  async #execute(command: HubCommand): Promise<CommandResult> {
    const { id: commandId, lockId } = command;
    const driver = this.#drivers.get(lockId);
    if (!driver) {
      this.#log.warn({ commandId, lockId }, 'command for a lock this hub does not drive');
      return { commandId, lockId, ok: false, error: 'lock_unreachable', at: this.#now() };
    }
    this.#log.info(
      { commandId, type: command.type, lockId, slot: 'slot' in command ? command.slot : undefined },
      'command received',
    );
    try {
      await this.#enqueue(lockId, async () => {
        switch (command.type) {
          case 'set_code':
            return driver.setCode(command.slot, command.code, command.schedule);
          case 'clear_slot':
            return driver.clearSlot(command.slot);
          case 'report_inventory':
            return this.#reportInventory(driver, true);
          case 'keypad_lockout':
            return driver.lockOutKeypad(command.durationSeconds * 1000);
        }
      });
      return { commandId, lockId, ok: true, at: this.#now() };
    } catch (error) {
      const failure: LockFailure = error instanceof LockDriverError ? FAILURE_OF[error.code] : 'rejected_by_lock';
      if (!(error instanceof LockDriverError))
        this.#log.error({ commandId, lockId, err: (error as Error).message }, 'driver failed unexpectedly');
      return { commandId, lockId, ok: false, error: failure, at: this.#now() };
    }
  }

  #publishResult(result: CommandResult): void {
    const faults = this.#options.faults;
    const { commandId } = result;
    if (faults?.dropResult?.(commandId)) {
      this.#log.debug({ commandId }, 'fault injection: result dropped');
      return;
    }
    const copies = faults?.duplicateResult?.(commandId) ? 2 : 1;
    const delay = faults?.delayResultMs?.(commandId) ?? 0;
    const send = () => {
      this.#log.info(
        { commandId, lockId: result.lockId, ok: result.ok, error: result.ok ? undefined : result.error },
        'command result',
      );
      for (let i = 0; i < copies; i++) this.#publish('results', result);
    };
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  /** Runs `task` after every earlier task of the same lock has settled. */
  #enqueue<T>(lockId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#lockQueues.get(lockId) ?? Promise.resolve();
    const run = previous.then(task);
    this.#lockQueues.set(
      lockId,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  }

  // ---- reports ---------------------------------------------------------------------------------------

  /** Reads the lock and publishes its inventory. Failures propagate when `rethrow` (a report_inventory command). */
  async #reportInventory(driver: LockDriver, rethrow = false): Promise<void> {
    try {
      const [slots, battery] = await Promise.all([driver.readSlots(), driver.battery()]);
      const inventory: Inventory = {
        lockId: driver.lockId,
        slotCount: driver.capabilities.slotCount,
        codeLengths: [...driver.capabilities.codeLengths],
        readableCodes: driver.capabilities.readableCodes,
        nativeSchedules: driver.capabilities.nativeSchedules,
        keypadLockout: driver.capabilities.keypadLockout,
        slots: [...slots].sort((a, b) => a.slot - b.slot),
        battery: battery === null ? null : clampLevel(battery),
        at: this.#now(),
      };
      if (!inventorySchema.safeParse(inventory).success) {
        throw new LockDriverError('rejected_by_lock', 'the lock reported slots outside the contract');
      }
      this.#publish('inventory', sealHubInventory(this.#sealKey, this.hubId, inventory));
    } catch (error) {
      this.#log.warn({ lockId: driver.lockId, err: (error as Error).message }, 'inventory not available');
      if (rethrow) throw error;
    }
  }

  #startBatteryTimer(): void {
    const interval = this.#options.batteryIntervalMs ?? 10 * 60_000;
    if (interval <= 0 || this.#batteryTimer) return;
    this.#batteryTimer = setInterval(() => void this.#reportBatteries(), interval);
    this.#batteryTimer.unref();
  }

  #stopBatteryTimer(): void {
    clearInterval(this.#batteryTimer);
    this.#batteryTimer = undefined;
  }

  async #reportBatteries(): Promise<void> {
    for (const driver of this.#drivers.values()) {
      try {
        const level = await driver.battery();
        if (level !== null)
          this.#publishEvent({ type: 'battery', lockId: driver.lockId, level: clampLevel(level), at: this.#now() });
      } catch (error) {
        this.#log.warn({ lockId: driver.lockId, err: (error as Error).message }, 'battery not available');
      }
    }
  }

  // ---- publishing ------------------------------------------------------------------------------------

  #publishEvent(event: LockEvent): void {
    this.#publish('events', event);
  }

  /** QoS 1, fire-and-forget. While unplugged or stopped there is no connection and the message is lost. */
  #publish(
    channel: Exclude<HubChannel, 'commands' | 'status'>,
    message: CommandResult | LockEvent | WireInventory,
  ): void {
    const client = this.#client;
    if (!client || this.#unplugged) {
      this.#log.debug({ channel }, 'hub down: message not sent');
      return;
    }
    client.publishAsync(hubTopic(this.hubId, channel), encode(message), { qos: 1 }).catch((error: unknown) => {
      this.#log.warn({ channel, err: (error as Error).message }, 'publish failed');
    });
  }

  #now(): string {
    return this.#options.clock.now().toISOString();
  }
}

/** MQTT.js reads credentials from the URL too; the sealing key needs the password wherever it is given. */
function passwordInUrl(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password.length > 0 ? password : undefined;
  } catch {
    return undefined;
  }
}

function clampLevel(level: number): number {
  return Math.max(0, Math.min(100, Math.round(level)));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
