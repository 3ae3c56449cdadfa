// What `npm start` prints once the service is ready: where the pages are, and how to get the
// first staff account (the web phone and the console need one). Plain text, no personal data.

export interface BannerFacts {
  /** Where the server listens (fastify's address, e.g. http://0.0.0.0:3000). */
  address: string;
  publicUrl: string;
  /** The database URL; printed only for the embedded default (its fixed local password). */
  databaseUrl: string;
  embeddedDatabase: boolean;
  /** How many staff accounts exist already. */
  staffAccounts: number;
  recogniser: string;
  twilioConfigured: boolean;
}

export function startupBanner(f: BannerFacts): string {
  const local = f.address.replace(/\/\/(0\.0\.0\.0|\[::\]|127\.0\.0\.1)(?=[:/]|$)/, '//localhost');
  const db = f.embeddedDatabase ? f.databaseUrl : 'postgres://…  (your DATABASE_URL)';
  const lines = [
    '',
    `Ready at ${local}${f.publicUrl.replace(/\/+$/, '') !== local ? `  (PUBLIC_URL ${f.publicUrl})` : ''}`,
    `  booking pages (citizens)   ${local}/booking/`,
    `  staff console              ${local}/console/`,
    `  web phone (call the bot)   ${local}/phone/   — staff sign-in; ${f.recogniser === 'none' ? 'keys and typed text (STT_PROVIDER=none)' : 'microphone'}`,
    `  staff API and its docs     ${local}/api/docs`,
    `  Twilio webhook             ${f.twilioConfigured ? `${f.publicUrl.replace(/\/+$/, '')}/twilio/voice` : 'off: set TWILIO_AUTH_TOKEN (until then every webhook and the simulator CLI are refused)'}`,
  ];
  if (f.embeddedDatabase) lines.push(`  database (embedded)        ${db}`);
  if (f.staffAccounts === 0) {
    lines.push(
      '',
      'No staff account yet. Create the first admin (in another terminal):',
      `  DATABASE_URL=${db} ADMIN_EMAIL=you@city.example.jp ADMIN_PASSWORD='12 or more characters' npx tsx admin-api/cli.ts bootstrap`,
      'or start with ADMIN_EMAIL and ADMIN_PASSWORD set. An admin enrols a TOTP second factor at first sign-in;',
      'a scenario editor needs none (password on stdin):',
      `  DATABASE_URL=${db} npx tsx admin-api/cli.ts create --email editor@city.example.jp --role editor`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
