/**
 * One way to open an MQTT connection, for hubs and for Keyway alike (MQTT.js, protocol 3.1.1).
 *
 * Session choice — clean sessions by default (`clean: true`): the broker keeps nothing for a client while it
 * is away, so a command published while a hub is offline is never executed later. That is deliberate: Keyway's
 * reconciler owns the truth and re-sends whatever is still needed once the hub is back (the hub announces itself
 * with a retained status and a full inventory on every connect). A persistent session would instead replay
 * commands that may be hours old onto a lock whose slots changed meanwhile (e.g. a foreign code programmed at
 * the keypad). Messages published while the connection is briefly down are kept by MQTT.js itself and sent
 * on reconnect. Pass `clean: false` (with a stable client id) where queueing at the broker is wanted.
 *
 * TLS: an `mqtts://` URL connects over TLS and checks the broker's certificate against the system's CAs, or
 * against `caFile` (PEM; MQTT_CA_FILE) for a private CA. Certificates are always verified.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';

export interface MqttWill {
  topic: string;
  payload: string;
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

export interface ConnectMqttOptions {
  clientId: string;
  logger: Logger;
  /** Last will: published by the broker if the connection drops without a clean disconnect. */
  will?: MqttWill;
  /** Clean session (default true, see above). */
  clean?: boolean;
  username?: string;
  password?: string;
  /** Pause between reconnect attempts, in ms. Default 500. */
  reconnectPeriodMs?: number;
  /** PEM file of the CA that signed the broker's certificate (mqtts:// with a private CA). */
  caFile?: string;
}

/** The MQTT.js options of `connectMqtt`, without connecting (tests check what reaches MQTT.js). */
export function mqttClientOptions(url: string, options: ConnectMqttOptions): IClientOptions {
  const tls = /^(mqtts|ssl|wss):/.test(url);
  if (options.caFile !== undefined && !tls)
    throw new Error('MQTT_CA_FILE is set but the broker URL is not mqtts:// (or wss://): the CA would be ignored');
  return {
    clientId: options.clientId,
    protocolVersion: 4,
    clean: options.clean ?? true,
    reconnectPeriod: options.reconnectPeriodMs ?? 500,
    connectTimeout: 10_000,
    keepalive: 30,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(tls ? { rejectUnauthorized: true } : {}),
    ...(options.caFile !== undefined ? { ca: readFileSync(options.caFile) } : {}),
    ...(options.will
      ? {
          will: {
            topic: options.will.topic,
            payload: Buffer.from(options.will.payload),
            qos: options.will.qos ?? 1,
            retain: options.will.retain ?? false,
          },
        }
      : {}),
  };
}

/** Connects and resolves on the first CONNACK; afterwards the client reconnects by itself. Rejects only when the broker refuses the connection (bad credentials, not authorised). */
export function connectMqtt(url: string, options: ConnectMqttOptions): Promise<MqttClient> {
  const log = options.logger.child({ mqttClientId: options.clientId });
  const clientOptions = mqttClientOptions(url, options);
  const client = connect(url, clientOptions);

  // MQTT packets are small and latency matters more than bandwidth: without this, Nagle's algorithm and delayed
  // ACKs add ~40 ms to every hop.
  client.on('connect', () => (client.stream as Partial<Socket>).setNoDelay?.(true));
  // Never log packets: commands and inventories carry PINs.
  client.on('reconnect', () => log.debug('mqtt reconnecting'));
  client.on('offline', () => log.warn('mqtt offline'));

  return new Promise<MqttClient>((resolve, reject) => {
    const onConnect = () => {
      client.off('error', onFirstError);
      client.on('error', (error) => log.warn({ err: error.message }, 'mqtt error'));
      client.on('connect', () => log.info('mqtt reconnected'));
      log.info('mqtt connected');
      resolve(client);
    };
    const onFirstError = (error: Error & { code?: unknown }) => {
      if (typeof error.code === 'number' && error.code > 0) {
        client.end(true);
        reject(new Error(`MQTT broker refused the connection: ${error.message}`));
        return;
      }
      log.warn({ err: error.message }, 'mqtt connect failed, retrying');
    };
    client.once('connect', onConnect);
    client.on('error', onFirstError);
  });
}
