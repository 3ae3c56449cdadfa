// What the browser pages need from the rest of the service; app/server.ts provides it.
// Sections add the ports they use here (one field each, documented).
import type { City } from './foundation/render.js';
import type { PhoneDeps } from './phone/ports.js';

export interface WebDeps {
  city: City;
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Links on the home page to each section that is on. */
  sections?: { href: string; label: string }[];
  /** Cache compiled templates (default on). */
  cacheTemplates?: boolean;
  /** The web phone (/phone/): staff sessions, scenario versions, media-socket tokens. Off when unset. */
  phone?: PhoneDeps;
}
