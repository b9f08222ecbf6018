/**
 * For tests that need a real broker: the embedded one by default, or the broker in `MQTT_URL` when set (CI runs
 * Mosquitto). Shared brokers outlive test runs, so tests use `uniqueId()` in hub ids and client ids. Also a small
 * recording subscriber to wait for messages.
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import pino, { type Logger } from 'pino';
import { connectMqtt } from './connectMqtt.ts';
import { startEmbeddedBroker } from './embeddedBroker.ts';

export const silentLogger: Logger = pino({ level: 'silent' });

export interface TestBroker {
  url: string;
  close(): Promise<void>;
}

export async function startTestBroker(env: NodeJS.ProcessEnv = process.env): Promise<TestBroker> {
  const external = env.MQTT_URL;
  if (external) return { url: external, close: async () => undefined };
  const broker = await startEmbeddedBroker({ port: 0, logger: silentLogger });
  return { url: broker.url, close: () => broker.close() };
}

/** A short random id, so runs against a shared broker never collide. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface ReceivedMessage {
  topic: string;
  json: unknown;
  retain: boolean;
}

/** A client that records everything it receives on the given topics. */
export class RecordingSubscriber {
  readonly messages: ReceivedMessage[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      let json: unknown;
      try {
        json = JSON.parse(payload.toString());
      } catch {
        json = payload.toString();
      }
      this.messages.push({ topic, json, retain: packet.retain });
      for (const wake of [...this.#waiters]) wake();
    });
  }

  static async connect(url: string, topics: string[]): Promise<RecordingSubscriber> {
    const client = await connectMqtt(url, { clientId: uniqueId('test-sub'), logger: silentLogger });
    const subscriber = new RecordingSubscriber(client);
    await client.subscribeAsync(topics, { qos: 1 });
    return subscriber;
  }

  /** Resolves with the first recorded message (past or future) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (message: ReceivedMessage) => boolean, timeoutMs = 3_000): Promise<ReceivedMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching message within ${timeoutMs} ms; got ${this.messages.map((m) => m.topic).join(', ') || 'nothing'}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      const wake = () => void check();
      this.#waiters.add(wake);
      check();
    });
  }

  count(match: (message: ReceivedMessage) => boolean): number {
    return this.messages.filter(match).length;
  }

  publish(topic: string, message: unknown, options: { retain?: boolean } = {}): Promise<unknown> {
    return this.client.publishAsync(topic, typeof message === 'string' ? message : JSON.stringify(message), {
      qos: 1,
      retain: options.retain ?? false,
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
