import { describe, expect, it } from 'vitest';
import { startupBanner } from './banner.js';

const facts = {
  address: 'http://0.0.0.0:3000', publicUrl: 'http://localhost:3000', databaseUrl: 'postgres://postgres:postgres@127.0.0.1:54329/ivr',
  embeddedDatabase: true, staffAccounts: 0, recogniser: 'none', twilioConfigured: false,
};

describe('the start-up banner', () => {
  it('names the booking pages, console and web phone, and how to create the first admin on the embedded database', () => {
    const text = startupBanner(facts);
    expect(text).toContain('http://localhost:3000/booking/');
    expect(text).toContain('http://localhost:3000/console/');
    expect(text).toContain('http://localhost:3000/phone/');
    expect(text).toContain('DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54329/ivr ADMIN_EMAIL=');
    expect(text).toContain('admin-api/cli.ts bootstrap');
  });

  it('never prints a configured DATABASE_URL (it may hold a password), and says nothing of bootstrap once accounts exist', () => {
    const own = startupBanner({ ...facts, embeddedDatabase: false, databaseUrl: 'postgres://app:secret@db/ivr' });
    expect(own).not.toContain('secret');
    expect(startupBanner({ ...facts, staffAccounts: 2 })).not.toContain('bootstrap');
  });
});
