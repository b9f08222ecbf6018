/**
 * Registers the service worker (web/public/sw.js) that keeps the app shell for a reload without signal and makes
 * the app installable. Browsers allow one only in a secure context (https, or localhost / 127.0.0.1).
 */
export function registerServiceWorker(): void {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No shell offline this time; the app works the same online.
    });
  // After the page's own loading, so the worker's downloads never compete with the first screen.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
