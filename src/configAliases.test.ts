import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('link and mail settings', () => {
  it('KEYWAY_PUBLIC_URL is the base of links (PUBLIC_URL still read); MAIL_FROM the sender (SMTP_FROM still read)', () => {
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ PUBLIC_URL: 'https://old.example/' }).publicUrl).toBe('https://old.example');
    expect(loadConfig({ KEYWAY_PUBLIC_URL: 'https://new.example', PUBLIC_URL: 'https://old.example' }).publicUrl).toBe(
      'https://new.example',
    );
    expect(loadConfig({}).smtpFrom).toBe('Keyway <no-reply@keyway.local>');
    expect(loadConfig({ SMTP_FROM: 'Old <o@example.org>' }).smtpFrom).toBe('Old <o@example.org>');
    expect(loadConfig({ MAIL_FROM: 'New <n@example.org>', SMTP_FROM: 'Old <o@example.org>' }).smtpFrom).toBe(
      'New <n@example.org>',
    );
  });
});
