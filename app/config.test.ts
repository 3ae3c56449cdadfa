import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: '.data', RETENTION_DAYS: 30 });
    expect(c.BOOKING_HORIZON_DAYS).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('reads numbers and URLs from strings, treating empty as unset', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/db', REDIS_URL: '', RETENTION_DAYS: '7' });
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.RETENTION_DAYS).toBe(7);
  });

  it('stops on a bad value with a message naming each bad variable', () => {
    let err: unknown;
    try { loadConfig({ PORT: 'eighty', BOOKING_HORIZON_DAYS: '0', DATABASE_URL: 'mysql://x' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('PORT');
    expect(msg).toContain('BOOKING_HORIZON_DAYS');
    expect(msg).toContain('DATABASE_URL');
    expect(msg).not.toContain('RETENTION_DAYS');
  });

  it('refuses a missing or the old fixed caller-hash key in production, and accepts one of its own', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ANALYTICS_CALLER_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', ANALYTICS_CALLER_SECRET: 'analytics-caller' })).toThrow(/ANALYTICS_CALLER_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://yoyaku.city.example.jp', BACKUP_KEY: 'c'.repeat(64), ANALYTICS_CALLER_SECRET: 'a'.repeat(32) }).ANALYTICS_CALLER_SECRET).toBe('a'.repeat(32));
    expect(loadConfig({}).ANALYTICS_CALLER_SECRET).toBeUndefined(); // generated and stored at first start
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
  it('refuses an http:// PUBLIC_URL and a placeholder-looking Twilio token in production', () => {
    const prod = { NODE_ENV: 'production', ANALYTICS_CALLER_SECRET: 'b'.repeat(32) };
    expect(() => loadConfig({ ...prod, PUBLIC_URL: 'http://yoyaku.city.example.jp' })).toThrow(/PUBLIC_URL: must be https/);
    expect(() => loadConfig(prod)).toThrow(/PUBLIC_URL/); // the http://localhost default
    const https = { ...prod, PUBLIC_URL: 'https://yoyaku.city.example.jp', BACKUP_KEY: 'c'.repeat(64) };
    expect(() => loadConfig({ ...https, BACKUP_KEY: '' })).toThrow(/BACKUP_KEY: must be set in production/);
    expect(() => loadConfig({ BACKUP_KEY: 'too-short' })).toThrow(/BACKUP_KEY/);
    for (const token of ['your_auth_token_here_1234', 'x'.repeat(32), '0'.repeat(32), 'changeme-changeme-changeme', 'ABCDEF0123456789ABCDEF0123456789']) {
      expect(() => loadConfig({ ...https, TWILIO_AUTH_TOKEN: token }), token).toThrow(/TWILIO_AUTH_TOKEN/);
    }
    expect(loadConfig({ ...https, TWILIO_AUTH_TOKEN: '3f9c1a7e5b2d4c8f9a0b1c2d3e4f5a6b' }).TWILIO_AUTH_TOKEN).toHaveLength(32);
    // Outside production a test token still works.
    expect(loadConfig({ TWILIO_AUTH_TOKEN: 'shutdown-test-token-not-a-secret' }).TWILIO_AUTH_TOKEN).toBeTruthy();
  });

  it('other languages: translation and interpretation settings, checked together', () => {
    expect(loadConfig({})).toMatchObject({ TRANSLATE_PROVIDER: 'none', INTERPRETER: 'off' });
    expect(loadConfig({ TRANSLATE_PROVIDER: 'google', INTERPRETER: 'on', GOOGLE_TTS_VOICES: 'en=en-US-Neural2-F,zh=cmn-CN-Wavenet-A' })).toMatchObject({ INTERPRETER: 'on' });
    expect(() => loadConfig({ INTERPRETER: 'on' })).toThrow(/INTERPRETER: needs TRANSLATE_PROVIDER=google/);
    expect(() => loadConfig({ GOOGLE_TTS_VOICES: 'fr=fr-FR-Standard-A' })).toThrow(/GOOGLE_TTS_VOICES/);
    expect(() => loadConfig({ TRANSLATE_ENDPOINT: 'ftp://x' })).toThrow(/TRANSLATE_ENDPOINT/);
  });
});
