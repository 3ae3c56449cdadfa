// Brazilian Portuguese callers: `quinta que vem às duas da tarde`, `3 de dezembro`, `dia 3, não,
// dia 4`, `dez e meia`, `zero nove zero, um dois três quatro…` (`meia` is 6 in a phone number),
// `Bisai`, `prefeitura`, `sim, isso mesmo`. Absolute dates the rules below miss are left to
// chrono-node's Portuguese parser, wrapped to the contract (next on or after today). Patterns
// are written without accents: they run on the text with and without them.
import * as chrono from 'chrono-node';
import { numbersToDigits, plain, type NumberWords } from './latin.js';
import { chronoDates, clock, scan, scanTimes, type Rule, type TRule } from './scan.js';
import type { DateMention, LangRules } from './types.js';

const NUMBERS: NumberWords = {
  units: {
    zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12,
    treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezessete: 17, dezoito: 18, dezenove: 19,
  },
  tens: { vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50 },
  joiners: ['e'],
  ordinals: {
    primeiro: 1, primeira: 1, terceiro: 3, terceira: 3, quarto: 4, quinto: 5, sexto: 6, setimo: 7, oitavo: 8, nono: 9, decimo: 10,
  },
  ordinalMark: 'º',
};

const MONTHS = ['janeiro', 'fevereiro', 'marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
const MONTH = `${MONTHS.join('|')}|jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez`;
const month = (s: string) => MONTHS.findIndex((m) => m.startsWith(s.slice(0, 3))) + 1;
const WEEKDAYS = ['segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo'];
const WD = '(segunda|terca|quarta|quinta|sexta|sabado|domingo)(?:[- ]feira)?';
const wd = (s: string) => WEEKDAYS.indexOf(s);
// `o segundo sábado`: ordinals of a weekday in the month (`segunda` alone is Monday)
const NTH: Record<string, number> = { primeiro: 1, primeira: 1, segundo: 2, segunda: 2, terceiro: 3, terceira: 3, quarto: 4, quarta: 4, quinto: 5, quinta: 5, ultimo: -1, ultima: -1 };
const NTH_ALT = `(?:(\\d)º|${Object.keys(NTH).join('|')})`;
const THIS_NEXT = (s: string | undefined): 0 | 1 | undefined => (s && /^(?:que vem|proxim|seguinte)/.test(s) ? 1 : s ? 0 : undefined);

const DATE_RULES: Rule[] = [
  // o segundo sábado (de dezembro / do mês que vem)
  [new RegExp(`(?:n?o |n?a )?(${NTH_ALT}) ${WD}(?: (?:de|do mes de) (${MONTH})| do (proximo) mes| do mes que vem| deste mes)?`, 'g'), (m) => {
    const n = m[2] ? Number(m[2]) : NTH[m[1]];
    return n ? { kind: 'nth', n, wd: wd(m[3]), ...(m[4] ? { m: month(m[4]) } : {}), ...(m[5] || /que vem/.test(m[0]) ? { monthRel: 1 as const } : /deste mes/.test(m[0]) ? { monthRel: 0 as const } : {}) } : null;
  }],
  // 3 de dezembro (de 2027 / do ano que vem), dia 3 de dezembro, 1º de dezembro
  [new RegExp(`(?:(?:n?o )?dia )?(\\d{1,2})º? de (${MONTH})(?: de (\\d{4}))?(?: (do ano que vem|do proximo ano|deste ano))?`, 'g'), (m) => ({
    kind: 'md', d: Number(m[1]), m: month(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}), ...(m[4] ? { yearRel: /deste/.test(m[4]) ? 0 as const : 1 as const } : {}),
  })],
  // dezembro, dia 3
  [new RegExp(`(${MONTH}),? (?:n?o )?dia (\\d{1,2})`, 'g'), (m) => ({ kind: 'md', m: month(m[1]), d: Number(m[2]) })],
  // dia 5 do mês que vem / do próximo mês / deste mês
  [/(?:(?:n?o )?dia )?(\d{1,2})º? (?:do mes que vem|do proximo mes|do mes seguinte)/g, (m) => ({ kind: 'md', d: Number(m[1]), monthRel: 1 })],
  [/(?:(?:n?o )?dia )?(\d{1,2})º? (?:deste mes|desse mes|do mes atual)/g, (m) => ({ kind: 'md', d: Number(m[1]), monthRel: 0 })],
  [/(?:mes que vem|proximo mes),? (?:n?o )?dia (\d{1,2})/g, (m) => ({ kind: 'md', d: Number(m[1]), monthRel: 1 })],
  // 3/12 (day/month, as written in Brazil)
  [/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g, (m) => ({ kind: 'md', d: Number(m[1]), m: Number(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}) })],
  // daqui a 3 dias, em 3 dias, daqui a uma semana, daqui a duas semanas
  [/(?:daqui a|daqui|em|dentro de|depois de) (\d{1,3}) dias?/g, (m) => ({ kind: 'offset', days: Number(m[1]) })],
  [/(?:daqui a|daqui|em|dentro de|depois de) (\d{1,2}) semanas?/g, (m) => ({ kind: 'offset', days: 7 * Number(m[1]) })],
  [/depois de amanha/g, () => ({ kind: 'offset', days: 2 })],
  [/\bamanha\b/g, () => ({ kind: 'offset', days: 1 })],
  [/\bhoje\b/g, () => ({ kind: 'offset', days: 0 })],
  // a quinta da semana depois da próxima / daqui a duas semanas
  [new RegExp(`${WD} (?:da|na) semana (?:depois da proxima|seguinte a proxima|apos a proxima)|(?:na )?semana depois da proxima,? (?:na )?${WD}`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1] ?? m[2]), week: 2 })],
  // quinta da semana que vem, quinta que vem, na próxima quinta, nesta sexta, sexta desta semana
  [new RegExp(`${WD} (?:da|na) (semana que vem|proxima semana|semana seguinte|esta semana|desta semana|nesta semana)`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: /esta|desta|nesta/.test(m[2]) ? 0 : 1 })],
  [new RegExp(`${WD} (?:desta|dessa|nesta|nessa) semana`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 0 })],
  [new RegExp(`(?:(?:na |a |no |o )?semana que vem|(?:na |a )?proxima semana),? (?:na |no )?${WD}`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 1 })],
  [new RegExp(`${WD} (que vem|seguinte)`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: THIS_NEXT(m[2]) })],
  [new RegExp(`(?:n?[oa] )?(proxim[oa]|nest[ea]|est[ea]|ness[ea]|ess[ea]) ${WD}`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[2]), week: THIS_NEXT(m[1]) })],
  // (`segunda via` is a second copy, not Monday)
  [new RegExp(`\\b${WD}\\b(?! via| opcao| vez)`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]) })],
  // dia 3, no dia 25, 1º
  [/(?:n?o )?dia (\d{1,2})\b(?!:|h\d)/g, (m) => ({ kind: 'md', d: Number(m[1]) })],
  [/\b(\d{1,2})º/g, (m) => ({ kind: 'md', d: Number(m[1]) })],
  // um mês dito sozinho (lembrado para o dia dito depois)
  [new RegExp(`\\b(?:em |de )?(${MONTHS.join('|')})\\b`, 'g'), (m) => ({ kind: 'md', m: month(m[1]) })],
];

function dateMentions(text: string): DateMention[] {
  const { found, masked } = scan(text, DATE_RULES);
  return [...found, ...chronoDates((t, ref) => chrono.pt.parse(t, ref), masked)];
}

// `da manhã` / `da tarde` / `da noite` said with an hour
const HALF = '(?: (?:da|de|pela) (manha|tarde|noite|madrugada))?';
const half = (s: string | undefined): 'am' | 'pm' | undefined => (!s ? undefined : s === 'manha' || s === 'madrugada' ? 'am' : 'pm');

const TIME_RULES: TRule[] = [
  [new RegExp(`\\b(\\d{1,2})(?::|h)(\\d{2})(?: ?h(?:oras?)?)?${HALF}`, 'g'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]), Number(m[1]) >= 13 || m[1].startsWith('0'))],
  [new RegExp(`\\b(\\d{1,2})(?: horas?)? e meia${HALF}`, 'g'), (m) => clock(Number(m[1]), 30, half(m[2]))],
  [new RegExp(`\\b(\\d{1,2})(?: horas?)? e (\\d{1,2})(?: minutos?)?${HALF}`, 'g'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]))],
  // quinze para as onze (10:45), dez para as três
  [new RegExp(`\\b(\\d{1,2}) (?:minutos )?(?:para as|pras|para a|pra) (\\d{1,2})${HALF}`, 'g'), (m) => clock((Number(m[2]) + 11) % 12 || 12, 60 - Number(m[1]), half(m[3]))],
  [/\b(?:ao )?meio[- ]dia(?: e meia)?/g, (m) => clock(12, /meia$/.test(m[0]) ? 30 : 0, undefined, true)],
  [new RegExp(`\\b(\\d{1,2}) ?(?:h|horas?)\\b${HALF}`, 'g'), (m) => clock(Number(m[1]), 0, half(m[2]))],
  [/\b(\d{1,2}) (?:da|de) (manha|tarde|noite|madrugada)/g, (m) => clock(Number(m[1]), 0, half(m[2]))],
  [/\b(?:as|a|por volta das|la pelas|pelas|umas|lá pelas|perto das|depois das|antes das) (\d{1,2})\b(?!º|\/| de | dias?| semanas?)/g, (m) => clock(Number(m[1]), 0)],
  [/\b(?:nao|quer dizer|digo|melhor|ou melhor|desculpa),? (?:as )?(\d{1,2})\b(?!º|:|h\d)/g, (m) => ({ kind: 'minutes', min: Number(m[1]) })],
  [/\b(?:de manha|pela manha|na parte da manha|manha|cedo|antes do almoco)\b/g, () => ({ kind: 'period', period: 'am' })],
  [/\b(?:a tarde|de tarde|pela tarde|na parte da tarde|tarde|depois do almoco|a noite|de noite)\b/g, () => ({ kind: 'period', period: 'pm' })],
];

const FILLERS = /(?<![\p{L}])(?:e{2,}|e…|e\.\.\.|ah+|ahn|han|hum+|hm+|uh+|tipo assim|sabe|bom,|entao,|olha,)(?![\p{L}])[,.…]?/gu;

export const pt: LangRules = {
  lang: 'pt',
  // accents dropped first (recognisers and callers write `tres`, `terca`, `amanha` either way)
  normalise: (text) => plain(text.normalize('NFKC')).replace(/[’‘`]/g, "'").replace(/(?<![\p{L}])(?:é|e)(?:…|\.\.\.)/gu, ' ')
    .replace(FILLERS, ' ').replace(/[!?;]+/g, ' , ').replace(/\s*,\s*/g, ', ').replace(/(?:,\s*)+/g, ', ').replace(/\s+/g, ' ').replace(/^[\s,.]+|[\s,.]+$/g, ''),
  numerals: (text) => numbersToDigits(text, NUMBERS).replace(/\b1(?= hora\b)/g, '1'),
  dateMentions,
  timeMentions: (masked) => scanTimes(masked, TIME_RULES, /^(?:as |a |umas )?(\d{1,2})(?: (?:por favor|entao|ta bom|esta bom|pode ser))?$/),
  correction: /\b(?:nao|quer dizer|digo|ou melhor|melhor|desculpa|desculpe|na verdade|alias|errei|corrigindo|espera)\b/,
  notYesNo: /\b(?:nao sei|talvez|nao tenho certeza|sei la|nao lembro|pode ser que)\b/,
  notNo: /\b(?:nao tem problema|nao ha problema|sem problema|por que nao|porque nao|nao me importo)\b/,
  no: [
    /^(?:nao|negativo|nada disso)\b|\bnao(?:,|$| obrigad| quero| esta| e isso| e esse| e essa| ta| precisa)/,
    /\b(?:errado|errada|incorreto|incorreta|de jeito nenhum|nem pensar|esta errado|ta errado)\b/,
  ],
  yes: [
    /^(?:sim|isso|aham|uhum|s)\b|\bsim\b/,
    /\b(?:isso mesmo|isso|correto|correta|certo|certinho|exato|exatamente|pode ser|pode|claro|com certeza|ta bom|esta bom|ta certo|esta certo|ta|beleza|ok|okay|perfeito|positivo|confirmo|confirmado|tudo bem|combinado|esta otimo|otimo)\b/,
  ],
  intents: {
    operator: /\b(?:atendente|operador|operadora|humano|pessoa|funcionari[oa]|alguem|recepcionista|transferir|me passa|me transfere)\b/,
    slower: /\bdevagar\b|\bmais lento\b|\b(?:muito|tao|bem) rapido\b|\brapido demais\b/,
    repeat: /\brepet[ei]r?\b|\brepita\b|\bde novo\b|\bnovamente\b|\boutra vez\b|\bmais uma vez\b|\bnao (?:entendi|ouvi|escutei|peguei)\b|\bo que (?:voce )?(?:disse|falou)\b|^(?:como|o que|hein|oi)$/,
    cancel: /\bcancel(?!amento.{0,4}(?:taxa|custo))|\bdesmarc|\bnao (?:vou|vai|irei) (?:poder )?(?:ir|comparecer)\b|\bnao posso (?:ir|comparecer)\b|\bdesisto\b|\bdesistir\b/,
    change: /\bmud(?:ar|ança|anca)\b|\baltera|\btroca|\bremarc|\boutro (?:dia|horario|data)\b|\boutra (?:data|hora)\b|\badiar\b|\bantecipar\b|\bpassar para outro\b/,
    check: /\bconfirm(?:ar|acao)\b|\bverificar\b|\bconferir\b|\bchecar\b|\bconsultar\b|\bquando e (?:o )?meu\b|\bque horas e (?:o )?meu\b|\bsaber (?:quando|o horario|a data|o dia)\b|\besqueci (?:quando|o horario|a data|o dia)\b/,
    book: /\bmarcar\b|\bagend|\breserv|\bhorario\b|\bmarcacao\b|\batendimento\b|\bvaga\b|\bconsulta\b/,
  },
  question: /\?|^(?:o que|que|quando|onde|como|quanto|quantos|quantas|qual|quais|por que|porque|posso|pode|precisa|preciso|tem|e|existe|ha|da pra|da para|aceita)\b|\b(?:quanto custa|quanto tempo|o que (?:eu )?preciso|tem que|voces|gostaria de saber|queria saber)\b/,
  aboutAction: /\b(?:taxa|custa|custo|preco|pagar|cobra|como (?:eu )?(?:faco|posso|faz)|sem (?:agendamento|marcar|agendar|horario)|(?:precisa|preciso|tem que|tenho que|e obrigatorio) (?:marcar|agendar)|internet|online|site|familia|ate quando|com quantos dias|antecedencia)\b/,
  digitWords: { meia: '6' },
  repeatWords: {},
  ordinals: [
    [/\b(?:o |a )?(?:primeir[oa]|1º|1a|numero 1|opcao 1|mais cedo)\b/, () => 0],
    [/\b(?:o |a )?(?:segund[oa]|2º|numero 2|opcao 2|do meio)\b/, (n) => (n >= 2 ? 1 : -1)],
    [/\b(?:o |a )?(?:terceir[oa]|3º|numero 3|opcao 3)\b/, () => 2],
    [/\b(?:o |a )?(?:quart[oa]|4º)\b/, () => 3],
    [/\b(?:o |a )?(?:ultim[oa]|mais tarde)\b/, (n) => n - 1],
  ],
  namePrefix: /^(?:(?:sim|ok|bom|entao|ola|oi|pois nao)[, ]+)*(?:(?:o )?meu nome (?:completo )?(?:e|é)|me chamo|eu me chamo|eu sou (?:o |a )?|sou (?:o |a )?|aqui (?:e|é) (?:o |a )?|(?:e|é) (?:o |a )|pode me chamar de|chamo-me)[:,]?\s*/iu,
  nameSuffix: /(?:[\s,.]*(?:por favor|obrigad[oa]|aqui|sou eu))+[\s,.!]*$|[\s,.!]+$/iu,
  notAName: /\b(?:sim|nao|não|ok|ta|tá|bom|obrigad[oa]|desculp[ae]|ola|olá|oi|quero|queria|gostaria|posso|pode|dia|semana|manha|manhã|tarde|noite|horario|horário|marcar|agendar|cancelar|mudar|segunda|terca|terça|quarta|quinta|sexta|sabado|sábado|domingo|janeiro|fevereiro|marco|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|favor|repetir|novo|que|quando|onde|como|isso|certo|correto|prefeitura|estacao|estação|escritorio|escritório|cartao|cartão|numero|número|telefone|horas?)\b/iu,
  venueScript: 'latin',
  officeWords: /\b(?:escritorio|filial|predio|edificio|estacao|prefeitura|sede|o|a|da|do|de)\b/g,
  faqTokens: (text) => plain(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(stemPt),
  faqStop: new Set(['o', 'a', 'os', 'as', 'um', 'uma', 'de', 'do', 'da', 'dos', 'das', 'em', 'no', 'na', 'e', 'eu', 'meu', 'minha', 'que', 'para', 'pra', 'por', 'com', 'se', 'e', 'ser', 'tem', 'ter', 'preciso', 'precisa', 'posso', 'pode', 'quero', 'queria', 'gostaria', 'como', 'qual', 'quando', 'onde', 'voce', 'voces', 'isso', 'esse', 'essa', 'favor', 'cartao', 'my', 'number', 'cidade', 'ichinomiya', 'izunokuni', 'fazer', 'saber', 'ha', 'nao', 'sim', 'mais', 'ja', 'ao', 'the', 'ir', 'vir', 'esta', 'estou', 'sou', 'foi', 'tenho', 'me']),
};

function stemPt(w: string): string {
  if (w.length > 5 && /(?:coes|soes)$/.test(w)) return w.slice(0, -4) + 'cao';
  if (w.length > 4 && /(?:es|s)$/.test(w) && !/ss$/.test(w)) return w.replace(/e?s$/, '');
  return w;
}
