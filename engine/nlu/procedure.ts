// Which procedure the caller needs. The e-certificate is checked first because callers name it
// together with the card (`マイナンバーカードの電子証明書の更新`).

import type { Procedure } from '../ports.js';
import { normalise, toHira } from './text.js';

const ECERT = /電子証明|でんししょうめい|電子署名|署名用|しょめいよう|利用者証明|りようしゃしょうめい|証明書の更新|証明書を更新|しょうめいしょのこうしん|電子の|e-?tax|イータックス|いーたっくす|保険証(?:として|の)?(?:機能|利用)?の?(?:期限|更新)/iu;
const PICKUP = /受け取|受取|うけと|交付通知|こうふつうち|交付|こうふ|取りに|とりに|はがきが届|ハガキが届|通知が届|できあが|出来上が|できた(?:の|カード)|届いた/u;
const CARD = /カード(?:自体|そのもの|本体)?の?(?:更新|こうしん|有効期限|期限|作り直|再発行|再交付|新しく|切り替|切替)|(?:新しい|あたらしい)カード|カードを(?:更新|作り直)|かーど(?:の)?こうしん|顔写真|写真/u;

export function extractProcedureFrom(text: string): Procedure | null {
  const n = normalise(text);
  if (!n) return null;
  const t = `${n}|${toHira(n)}`;
  if (ECERT.test(t)) return 'ecert_renewal';
  if (PICKUP.test(t)) return 'card_pickup';
  if (CARD.test(t)) return 'card_renewal';
  return null;
}
