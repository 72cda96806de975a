import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FieldApp } from './FieldApp';
import './field.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FieldApp />
    </StrictMode>,
  );
}

// the app shell is cached by the service worker so the worker app opens with no signal
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => undefined);
  });
}
