/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) that `npm start` runs when no MQTT_URL is configured.
 * In-memory persistence: retained messages (hub status), last wills and QoS 1 sessions live as long as the
 * process. Hubs in other processes connect to `url`; production deployments use Mosquitto/EMQX instead.
 *
 * With `auth` (what Keyway itself always passes) only hubs with their issued credentials and Keyway's own
 * processes get in, each to its own topics (brokerAuth.ts). Without it the broker is open: unit tests only.
 */
import { type AddressInfo, createServer } from 'node:net';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import type { Logger } from 'pino';
import type { BrokerAuth, BrokerIdentity } from './brokerAuth.ts';

export { type ConnectMqttOptions, connectMqtt, type MqttWill } from './connectMqtt.ts';

export interface EmbeddedBrokerOptions {
  /** TCP port; 0 (the default) picks a free port — read it back from the result. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  logger: Logger;
  /** Who may connect and use which topics. Omitted: anyone, anything (tests of MQTT itself only). */
  auth?: BrokerAuth;
  /**
   * Sees every message the broker routes, as it routes it (tests: a sniffer proving no PIN crosses the broker).
   * Payloads can be sealed PINs: never log them.
   */
  onPublish?: (packet: { topic: string; payload: Buffer }) => void;
  /** How often connected hubs' credentials are checked against the database, ms. Default 15 s. */
  recheckMs?: number;
}

export interface EmbeddedBroker {
  /** mqtt://host:port, ready for `connectMqtt`. */
  url: string;
  port: number;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger.child({ component: 'mqtt-broker' });
  const auth = options.auth;
  const identities = new WeakMap<Client, BrokerIdentity>();
  const refused = Object.assign(new Error('Connection refused: bad user name or password'), { returnCode: 4 as const });
  const aedes = await Aedes.createBroker(
    auth
      ? {
          authenticate(client, username, password, done) {
            const remote = (client.conn as { remoteAddress?: string }).remoteAddress ?? 'unknown';
            auth.authenticate(username, password, remote).then(
              (identity) => {
                if (!identity) return done(refused, false);
                identities.set(client, identity);
                done(null, true);
              },
              (error: unknown) => {
                log.error({ err: (error as Error).message }, 'mqtt authentication failed');
                done(Object.assign(new Error('Server unavailable'), { returnCode: 3 as const }), false);
              },
            );
          },
          // Also asked for a client's last will, when the broker is about to publish it (client null: a will left by
          // another broker instance, which this single in-process broker never has — refused).
          authorizePublish(client, packet, done) {
            const identity = client ? identities.get(client) : undefined;
            if (!identity || !auth.mayPublish(identity, packet.topic)) {
              log.warn({ clientId: client?.id, topic: packet.topic }, 'mqtt publish refused');
              return done(new Error('not authorised'));
            }
            // A connection whose credentials were rotated since it signed in may no longer speak for the hub.
            auth.stillCurrent(identity).then(
              (current) => {
                if (current) return done(null);
                log.warn({ clientId: client?.id }, 'mqtt publish refused: credentials rotated or hub removed');
                done(new Error('not authorised'));
              },
              (error: unknown) => done(error as Error),
            );
          },
          authorizeSubscribe(client, subscription, done) {
            if (auth.maySubscribe(identities.get(client), subscription.topic)) return done(null, subscription);
            log.warn({ clientId: client.id, topic: subscription.topic }, 'mqtt subscription refused');
            done(null, null); // SUBACK 0x80 for this topic
          },
        }
      : {},
  );
  if (options.onPublish) {
    const sniff = options.onPublish;
    aedes.on('publish', (packet: AedesPublishPacket) => {
      if (!packet.topic.startsWith('$SYS')) sniff({ topic: packet.topic, payload: Buffer.from(packet.payload) });
    });
  }

  // Client ids and error messages only: packets can carry PINs and are never logged.
  aedes.on('clientError', (client, error) =>
    log.debug({ clientId: client.id, err: error.message }, 'mqtt client error'),
  );
  aedes.on('connectionError', (_client, error) => log.debug({ err: error.message }, 'mqtt connection error'));
  aedes.on('clientDisconnect', (client) => log.debug({ clientId: client.id }, 'mqtt client disconnected'));

  // Connections that only listen are checked too: once a hub's credentials are rotated (or the hub removed), its
  // old connection is closed within a cache period instead of living on until the hub reconnects.
  const connected = new Set<Client>();
  aedes.on('clientReady', (client) => connected.add(client));
  aedes.on('clientDisconnect', (client) => connected.delete(client));
  const recheck = auth
    ? setInterval(() => {
        for (const client of connected) {
          const identity = identities.get(client);
          if (!identity || identity.kind === 'server') continue;
          auth.stillCurrent(identity).then(
            (current) => {
              if (current) return;
              log.warn({ clientId: client.id }, 'mqtt connection closed: credentials rotated or hub removed');
              client.close();
            },
            (error: unknown) => log.warn({ err: (error as Error).message }, 'mqtt credential re-check failed'),
          );
        }
      }, options.recheckMs ?? 15_000)
    : undefined;
  recheck?.unref();

  // noDelay: small packets go out at once instead of waiting on Nagle's algorithm (~40 ms per hop otherwise).
  const server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Listening on every interface: this machine's own clients still connect through loopback.
  const dialHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `mqtt://${dialHost.includes(':') ? `[${dialHost}]` : dialHost}:${port}`;
  log.info({ url }, 'embedded mqtt broker listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(recheck);
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        log.info('embedded mqtt broker closed');
      })();
      return closing;
    },
  };
}
