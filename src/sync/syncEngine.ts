/**
 * The sync engine of one server process: listens to every hub over MQTT, turns reports into state,
 * runs reconcile jobs from the shared queue, and sweeps for timeouts and due retries. Several processes
 * can run it against one database and one broker; the queue keeps each lock to one worker at a time.
 * PINs cross the broker sealed for their hub only (hubKeyring.ts); a result counts only from the hub whose lock
 * the command was for.
 */
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { connectMqtt } from '../mqtt/connectMqtt.ts';
import type { Clock } from '../platform/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import { addressOfLock } from '../store/repositories/hubs.ts';
import { lockForSync } from '../store/repositories/lockSync.ts';
import {
  applyCommandResult,
  applyHubStatus,
  applyInventory,
  applyLockEvent,
  type ReportOutcome,
} from './applyLockReports.ts';
import { type BoundaryAlarm, lockCodeAlarm } from './boundaryAlarm.ts';
import { HubKeyring } from './hubKeyring.ts';
import {
  commandResultSchema,
  decode,
  encode,
  type HubCommand,
  hubStatusSchema,
  hubTopic,
  lockEventSchema,
  openHubInventory,
  parseHubTopic,
  sealHubCommand,
  wireInventorySchema,
} from './hubProtocol.ts';
import type { HubTransport } from './hubTransport.ts';
import { noteHubWithoutKey } from './hubWithoutKey.ts';
import type { JobQueue } from './jobQueue.ts';
import { reconcileLocks } from './reconcileLocks.ts';
import { ReportScheduler } from './reportScheduler.ts';
import { reportSubscriptions, shareGroupOf } from './reportSubscriptions.ts';
import { sweep } from './sweep.ts';
import { verificationSweep } from './verification.ts';

/**
 * Command results one process applies side by side: each takes a pooled connection (10 by default, shared with
 * HTTP), and results for one lock queue on its row anyway.
 */
const REPORTS_AT_ONCE = 4;

export interface SyncEngineDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  logger: Logger;
  queue: JobQueue;
  mqttUrl: string;
  /** Broker credentials of this server (the embedded broker's internal identity); else those in `mqttUrl`. */
  mqttCredentials?: { username: string; password: string };
  /** CA file for an mqtts:// broker with a private CA (MQTT_CA_FILE). */
  mqttCaFile?: string;
  /** How often the sweep runs, ms (default 1000). */
  sweepIntervalMs?: number;
  /** Cloud locks (Seam): reconcile passes hand their commands to it (src/cloud/cloudConnector.ts). */
  cloud?: { dispatch(lockId: string): Promise<void> };
  /** This process, as recorded on what it does (lock_commands.sent_by): `${hostname}-${pid}-${random}`. */
  instanceId: string;
  /**
   * Share hub reports with this installation's other processes (MQTT shared subscriptions, an external broker
   * only): each result, event and inventory is then handled by one process. See reportSubscriptions.ts.
   */
  sharedSubscriptions?: boolean;
  /** Reconcile pass times and command latency (src/platform/metrics.ts); absent: not measured. */
  metrics?: Metrics;
}

export class SyncEngine implements HubTransport {
  readonly #deps: SyncEngineDeps;
  readonly #keys: HubKeyring;
  /** What hubs report: statuses in every process, the rest once per installation when shared. */
  readonly #reportTopics: string[];
  #client: MqttClient | undefined;
  #sweepTimer: NodeJS.Timeout | undefined;
  /** Sweeps when the next boundary or retry comes due, between periodic sweeps (boundaryAlarm.ts). */
  #alarm: BoundaryAlarm | undefined;
  /** The sweep running now, and the one follow-up asked for while it runs. */
  #sweep: Promise<void> | undefined;
  #nextSweep: Promise<void> | undefined;
  #stopped = false;
  /** Command results a few at a time, everything else in order (reportScheduler.ts). */
  readonly #reports = new ReportScheduler(REPORTS_AT_ONCE);

  constructor(deps: SyncEngineDeps) {
    this.#deps = deps;
    this.#keys = new HubKeyring({ db: deps.db, cipher: deps.cipher });
    this.#reportTopics = reportSubscriptions(deps.sharedSubscriptions ? shareGroupOf(deps.cipher) : undefined);
  }

  async start(): Promise<void> {
    const { logger } = this.#deps;
    const client = await connectMqtt(this.#deps.mqttUrl, {
      clientId: `keyway-server-${this.#deps.random.uuid()}`,
      logger,
      ...(this.#deps.mqttCredentials ?? {}),
      ...(this.#deps.mqttCaFile !== undefined ? { caFile: this.#deps.mqttCaFile } : {}),
    });
    this.#client = client;
    client.on('message', (topic, payload) => {
      this.#reports.add(parseHubTopic(topic)?.channel === 'results' ? 'concurrent' : 'barrier', () =>
        this.#onMessage(topic, payload).catch((error: unknown) => {
          logger.error({ err: error, topic }, 'failed to apply a hub report');
        }),
      );
    });
    client.on('connect', () => void this.#subscribe());
    await this.#subscribe();
    await this.#deps.queue.work(async (jobs) => {
      await reconcileLocks(
        { ...this.#deps, hubs: this },
        jobs.map((job) => job.lockId),
      );
    });
    const sweepIntervalMs = this.#deps.sweepIntervalMs ?? 1_000;
    this.#sweepTimer = setInterval(() => void this.sweepNow(), sweepIntervalMs);
    this.#sweepTimer.unref();
    this.#alarm = lockCodeAlarm({
      db: this.#deps.db,
      clock: this.#deps.clock,
      horizonMs: sweepIntervalMs,
      fire: () => void this.sweepNow(),
    });
    // Boundaries already in the database before the first sweep.
    this.#alarm.rearm().catch((error: unknown) => logger.error({ err: error }, 'could not arm the boundary alarm'));
  }

  async #subscribe(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    await client.subscribeAsync(this.#reportTopics, { qos: 1 });
  }

  async publishCommand(hubId: string, command: HubCommand): Promise<void> {
    const client = this.#client;
    if (!client) throw new Error('sync engine not started');
    const key = await this.#keys.keyOf(hubId);
    if (command.type === 'set_code' && !key) {
      // Never a PIN in clear: the command stays unanswered (it times out and is retried) until the hub has a key.
      this.#deps.logger.warn({ hubId, commandId: command.id }, 'hub has no sealing key: rotate its credentials');
      await noteHubWithoutKey(this.#deps, hubId);
      return;
    }
    // Only the command id and type are ever logged.
    this.#deps.logger.debug({ hubId, commandId: command.id, type: command.type }, 'command sent');
    await client.publishAsync(hubTopic(hubId, 'commands'), encode(sealHubCommand(key, hubId, command)), { qos: 1 });
  }

  /** Asks a hub lock for its full slot list (drift and foreign codes show up in it). */
  async requestInventory(lockId: string): Promise<void> {
    const lock = await this.#deps.db.transaction(async (tx) => {
      const row = await lockForSync(tx, lockId);
      return row ? { ...row, address: await addressOfLock(tx, lockId) } : undefined;
    });
    if (!lock?.hubId || !lock.hubOnline) return;
    await this.publishCommand(lock.hubId, {
      id: this.#deps.random.uuid(),
      type: 'report_inventory',
      lockId: lock.address,
      sentAt: this.#deps.clock.now().toISOString(),
    });
  }

  /**
   * Runs a sweep now. A caller that asks while one is running (the clock just moved, a timer tick) gets a fresh
   * sweep after it — the running one may have read the clock before the move — and callers asking meanwhile share
   * that one follow-up, so slow sweeps never pile up.
   */
  sweepNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (!this.#sweep) {
      this.#sweep = this.#sweepOnce().finally(() => {
        this.#sweep = undefined;
      });
      return this.#sweep;
    }
    this.#nextSweep ??= this.#sweep.then(() => {
      this.#nextSweep = undefined;
      return this.sweepNow();
    });
    return this.#nextSweep;
  }

  async #sweepOnce(): Promise<void> {
    try {
      const lockIds = await sweep(this.#deps);
      if (lockIds.length > 0) await this.#deps.queue.enqueueReconcile(lockIds);
      // The next boundary or retry, timed to the instant rather than left to the next periodic sweep.
      await this.#alarm?.rearm();
      // Re-read locks whose verification is due (a small batch per sweep; see verification.ts).
      await verificationSweep({ ...this.#deps, hubs: this });
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'sweep failed');
    }
  }

  /** Waits until every report received so far has been applied (tests and orderly shutdown). */
  async drainReports(): Promise<void> {
    await this.#reports.drain();
  }

  async #onMessage(topic: string, payload: Buffer): Promise<void> {
    const parsed = parseHubTopic(topic);
    if (!parsed) return;
    const deps = this.#deps;
    let outcome: ReportOutcome | undefined;
    switch (parsed.channel) {
      case 'status': {
        this.#keys.forget(parsed.hubId); // a restarted hub may come back with rotated credentials
        const status = decode(hubStatusSchema, payload);
        if (status) outcome = await applyHubStatus(deps, parsed.hubId, status.online, status.lockIds);
        break;
      }
      case 'results': {
        const result = decode(commandResultSchema, payload);
        if (result)
          outcome = await applyCommandResult(deps, {
            commandId: result.commandId,
            ok: result.ok,
            error: result.ok ? null : result.error,
            hubId: parsed.hubId,
          });
        break;
      }
      case 'inventory': {
        const wire = decode(wireInventorySchema, payload);
        if (!wire) break;
        let inventory = openHubInventory(await this.#keys.keyOf(parsed.hubId), parsed.hubId, wire);
        if (!inventory) {
          this.#keys.forget(parsed.hubId); // rotated elsewhere? one fresh read
          inventory = openHubInventory(await this.#keys.keyOf(parsed.hubId), parsed.hubId, wire);
        }
        if (inventory) outcome = await applyInventory(deps, parsed.hubId, inventory);
        break;
      }
      case 'events': {
        const event = decode(lockEventSchema, payload);
        if (event) outcome = await applyLockEvent(deps, parsed.hubId, event);
        break;
      }
      default:
        return;
    }
    if (!outcome) {
      deps.logger.warn({ topic }, 'ignored a malformed hub message');
      return;
    }
    if (outcome.reconcile.length > 0) await deps.queue.enqueueReconcile(outcome.reconcile);
    for (const lockId of outcome.askInventory) await this.requestInventory(lockId);
    for (const { hubId, command } of outcome.publish ?? []) await this.publishCommand(hubId, command);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    this.#alarm?.stop();
    // Stop hearing hubs first, then let the reports already in hand finish while the client and the queue still
    // work (applying one may publish or enqueue); only then disconnect and stop the queue. Stopping the queue
    // first lost reports handled after it, with an error in the log.
    const client = this.#client;
    if (client?.connected) {
      // A broker that dies right now would never answer: give up after a second (nothing arrives then anyway).
      await Promise.race([
        client.unsubscribeAsync(this.#reportTopics).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
    }
    await this.#reports.drain();
    // Then a sweep under way hands over what it found, the queue stops gracefully (running passes finish and
    // publish their commands through the still-open connection), and only then the connection closes: a pass cut
    // off before publishing would leave its commands to time out and be resent 15 s later.
    await this.#sweep?.catch(() => undefined);
    await this.#deps.queue.stop();
    await this.#client?.endAsync(true);
  }

  /** This process's broker connection is up (readiness). */
  get brokerConnected(): boolean {
    return this.#client?.connected === true && !this.#stopped;
  }
}
