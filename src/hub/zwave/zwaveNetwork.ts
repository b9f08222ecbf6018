/**
 * The hub's Z-Wave network: starts zwave-js on the USB stick (`port`) with the network keys from the hub's
 * environment, finds the lock nodes (nodes with User Code CC) once they are interviewed ("ready"), and follows
 * nodes included or excluded later. Inclusion itself is done with other tools (docs/zwave.md).
 *
 * `start()` resolves with the locks that became ready within `readyTimeoutMs`; a node that takes longer (a
 * battery lock asleep, a first interview) is still added when it gets ready: listen with `onLockAdded`.
 */
import type { Logger } from 'pino';
import { Driver, type PartialZWaveOptions, type ZWaveNode } from 'zwave-js';
import { ZwaveLock, type ZwaveLockOptions } from './zwaveLock.ts';

/** Network keys as 32 hex characters each (16 bytes), all optional. */
export interface ZwaveNetworkKeys {
  s0Legacy?: string;
  s2Unauthenticated?: string;
  s2Authenticated?: string;
  s2AccessControl?: string;
}

/** A started zwave-js driver plus what makes it go on (tests: a mock serial port with mock nodes). */
export interface OpenedDriver {
  driver: Driver;
  start(): Promise<void>;
}

export interface ZwaveNetworkOptions {
  /** Serial port of the Z-Wave controller, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…; tcp://host:port works too. */
  port: string;
  keys: ZwaveNetworkKeys;
  /** Where zwave-js keeps its network cache (interview results). Must persist across restarts. */
  cacheDir: string;
  /** How long `start()` waits for the controller and then for the nodes to be ready, ms. Default 60 s. */
  readyTimeoutMs?: number;
  /** Options for every lock driver; `masksCodes` is set for the nodes in `maskedNodeIds`. */
  lock?: ZwaveLockOptions;
  /** Node ids of locks known to mask codes on read-back. */
  maskedNodeIds?: number[];
  /** zwave-js's own log (with user codes masked by zwave-js): off unless a level is given. */
  zwaveLogLevel?: 'error' | 'warn' | 'info' | 'verbose' | 'debug' | 'silly';
  logger: Logger;
  /** TEST SEAM: creates the zwave-js driver (default: `new Driver(port, options)` on the real serial port). */
  openDriver?: (port: string, options: PartialZWaveOptions) => Promise<OpenedDriver>;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;
const USER_CODE_CC = 0x63;

export class ZwaveNetwork {
  readonly #options: ZwaveNetworkOptions;
  readonly #log: Logger;
  readonly #locks = new Map<number, ZwaveLock>();
  readonly #pending = new Set<number>();
  readonly #added = new Set<(lock: ZwaveLock) => void>();
  readonly #removed = new Set<(lockId: string) => void>();
  #driver: Driver | undefined;
  #stopped = false;

  constructor(options: ZwaveNetworkOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: 'zwave' });
  }

  /** Starts the driver and resolves with the lock nodes that are ready within the time limit. */
  async start(): Promise<ZwaveLock[]> {
    if (this.#driver) throw new Error('the Z-Wave network is already started');
    const timeoutMs = this.#options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const deadline = performance.now() + timeoutMs;
    const open = this.#options.openDriver ?? openSerialDriver;
    const { driver, start } = await open(this.#options.port, this.#zwaveOptions());
    this.#driver = driver;
    driver.on('error', (error) => this.#log.error({ err: error.message }, 'Z-Wave driver error'));
    const ready = new Promise<void>((resolve) => driver.once('driver ready', () => resolve()));
    try {
      await start();
      await withDeadline(ready, deadline, `the Z-Wave controller on ${this.#options.port} did not get ready`);
    } catch (error) {
      await this.stop();
      throw error;
    }
    const controller = driver.controller;
    controller.on('node added', (node) => this.#watch(node));
    controller.on('node removed', (node) => this.#forget(node.id));
    const nodes = [...controller.nodes.values()].filter((node) => !node.isControllerNode);
    this.#log.info({ nodes: nodes.map((n) => n.id), homeId: controller.homeId }, 'Z-Wave controller ready');
    const settled = Promise.all(nodes.map((node) => this.#watch(node)));
    await Promise.race([settled, sleepUntil(deadline)]);
    if (this.#pending.size > 0)
      this.#log.warn({ nodes: [...this.#pending] }, 'nodes not ready yet: added when their interview completes');
    return this.locks();
  }

  locks(): ZwaveLock[] {
    return [...this.#locks.values()];
  }

  /** Lock nodes that become ready later (after inclusion, or a slow interview). Returns the unsubscribe function. */
  onLockAdded(listener: (lock: ZwaveLock) => void): () => void {
    this.#added.add(listener);
    return () => this.#added.delete(listener);
  }

  /** Lock nodes excluded from the network. Returns the unsubscribe function. */
  onLockRemoved(listener: (lockId: string) => void): () => void {
    this.#removed.add(listener);
    return () => this.#removed.delete(listener);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const lock of this.#locks.values()) lock.dispose();
    this.#locks.clear();
    await this.#driver?.destroy();
  }

  // ---- nodes -----------------------------------------------------------------------------------------

  /** Resolves once `node` is ready and, if it is a lock, added. Never rejects. */
  async #watch(node: ZWaveNode): Promise<void> {
    if (this.#locks.has(node.id) || this.#pending.has(node.id) || node.isControllerNode) return;
    this.#pending.add(node.id);
    if (!node.ready) await new Promise<void>((resolve) => node.once('ready', () => resolve()));
    this.#pending.delete(node.id);
    if (this.#stopped || this.#locks.has(node.id)) return;
    if (!node.supportsCC(USER_CODE_CC)) {
      this.#log.debug({ nodeId: node.id }, 'node has no User Code CC: not a keypad lock');
      return;
    }
    try {
      const lock = await ZwaveLock.create(node, {
        ...this.#options.lock,
        masksCodes:
          (this.#options.maskedNodeIds?.includes(node.id) ?? false) || (this.#options.lock?.masksCodes ?? false),
        logger: this.#options.lock?.logger ?? this.#options.logger,
      });
      if (this.#stopped) return lock.dispose();
      this.#locks.set(node.id, lock);
      this.#log.info({ lockId: lock.lockId, capabilities: lock.capabilities }, 'Z-Wave lock found');
      for (const listener of [...this.#added]) listener(lock);
    } catch (error) {
      this.#log.warn({ nodeId: node.id, err: (error as Error).message }, 'lock node could not be set up');
    }
  }

  #forget(nodeId: number): void {
    this.#pending.delete(nodeId);
    const lock = this.#locks.get(nodeId);
    if (!lock) return;
    lock.dispose();
    this.#locks.delete(nodeId);
    this.#log.info({ lockId: lock.lockId }, 'Z-Wave lock removed from the network');
    for (const listener of [...this.#removed]) listener(lock.lockId);
  }

  #zwaveOptions(): PartialZWaveOptions {
    const { keys, cacheDir, zwaveLogLevel } = this.#options;
    const key = (hex: string | undefined) => (hex ? Buffer.from(hex, 'hex') : undefined);
    const securityKeys = Object.fromEntries(
      Object.entries({
        S0_Legacy: key(keys.s0Legacy),
        S2_Unauthenticated: key(keys.s2Unauthenticated),
        S2_Authenticated: key(keys.s2Authenticated),
        S2_AccessControl: key(keys.s2AccessControl),
      }).filter(([, value]) => value !== undefined),
    );
    return {
      securityKeys,
      storage: { cacheDir, lockDir: `${cacheDir}/locks` },
      logConfig: zwaveLogLevel
        ? { enabled: true, level: zwaveLogLevel, logToFile: true, filename: `${cacheDir}/zwave-js_%DATE%.log` }
        : { enabled: false },
    };
  }
}

async function openSerialDriver(port: string, options: PartialZWaveOptions): Promise<OpenedDriver> {
  const driver = new Driver(port, options);
  return { driver, start: () => driver.start() };
}

function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())).unref());
}

async function withDeadline<T>(promise: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - performance.now()));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
