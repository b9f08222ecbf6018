import { ApiKeysSection } from './ApiKeysSection.tsx';
import { IntegrationCodesSection } from './IntegrationCodesSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';
import './IntegrationsPage.css';

/**
 * Integrations: the API keys software uses (Keyway's own API or the Seam-compatible one), the webhooks Keyway sends
 * it, and the codes integrations made on the community's locks — which a manager can revoke.
 */
export function IntegrationsPage({ canEdit, timeZone }: { canEdit: boolean; timeZone: string | undefined }) {
  if (!canEdit) return <p className="muted">Only managers manage integrations.</p>;
  return (
    <>
      <p className="mgr-hint">
        Property software connects here: with a Seam-compatible key, software written for Seam’s API works with Keyway’s
        locks unchanged — codes, devices, events and webhooks.
      </p>
      <ApiKeysSection timeZone={timeZone} />
      <WebhooksSection timeZone={timeZone} />
      <IntegrationCodesSection timeZone={timeZone} />
    </>
  );
}
