/// <reference types="vite/client" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { OfflineBanner } from './shared/OfflineBanner.tsx';
import { registerServiceWorker } from './shared/offlineShell.ts';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <OfflineBanner />
    <App />
  </StrictMode>,
);

// Production builds only: in development Vite serves modules that are not the built shell.
if (import.meta.env.PROD) registerServiceWorker();
