// Google Cloud Translation, Basic (v2 REST: POST …/language/translate/v2), through the official
// @google-cloud/translate client. v2 because its protocol is plain JSON over HTTPS, which a local
// stand-in speaks too (testing/translate-standin.ts): the client's base URL is all that changes.
// Credentials: the service account of GOOGLE_APPLICATION_CREDENTIALS (or an API key).
import type { v2 } from '@google-cloud/translate';
import type { Lang } from '../../core/languages.js';
import { TRANSLATE_CODE, type Translator } from './translator.js';

type V2Client = Pick<v2.Translate, 'translate'>;

export class GoogleTranslator implements Translator {
  readonly name = 'google';
  constructor(private readonly client: V2Client) {}

  async translate(text: string, from: Lang, to: Lang): Promise<string> {
    if (!text.trim() || from === to) return text;
    // format text: the words are not HTML (a caller's "<" stays a "<").
    const [out] = await this.client.translate(text, { from: TRANSLATE_CODE[from], to: TRANSLATE_CODE[to], format: 'text' });
    return Array.isArray(out) ? out.join(' ') : out;
  }
}

/**
 * The real client. `endpoint`: a base URL replacing https://translation.googleapis.com/language/translate/v2
 * (the stand-in, or a regional endpoint); `key`: an API key instead of the service account.
 */
export async function googleTranslateClient(o: { endpoint?: string; key?: string } = {}): Promise<v2.Translate> {
  const { v2: api } = await import('@google-cloud/translate');
  const client = new api.Translate({ ...(o.key ? { key: o.key } : {}), projectId: process.env.GOOGLE_CLOUD_PROJECT });
  // The client's own override is a process-wide variable (GOOGLE_CLOUD_TRANSLATE_ENDPOINT); this is per client.
  if (o.endpoint) client.baseUrl = o.endpoint.replace(/\/+$/, '');
  return client;
}
