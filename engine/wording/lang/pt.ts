// Brazilian Portuguese: "quinta-feira, 3 de dezembro, às 10h30"; digits one by one; venues by
// their romanised Japanese names.
import type { Wording } from '../../understanding.js';
import { dateParts, digitByDigit, phoneDigits, timeParts, venueName, type WordingLabels } from './common.js';

const WEEKDAYS = ['domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'];
const MONTHS = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];

const date = (d: string) => { const p = dateParts(d); return `${WEEKDAYS[p.dow]}, ${p.d} de ${MONTHS[p.m - 1]}`; };
/** 24-hour, as Brazil says it: `10:30` → `10h30`, `14:00` → `14h`. */
const time = (t: string) => { const { h, min } = timeParts(t); return `${h}h${min ? String(min).padStart(2, '0') : ''}`; };

/** The head noun of a venue's name, by gender: `no escritório`, `na Prefeitura`. */
const MASCULINE = 'escritório|posto|centro|prédio|edifício|balcão';
const FEMININE = 'prefeitura|filial|sede|agência|unidade|subprefeitura';
const IN_VENUE = new RegExp(`(^|[\\s(])em (?=(?:(${MASCULINE})|(${FEMININE}))(?=[\\s,.;:!?)]|$))`, 'giu');
const OPENS_WITH_VENUE = new RegExp(`(^|[.!?]\\s+)(?=(?:(${MASCULINE})|(${FEMININE}))(?=[\\s,.;:!?)]|$))`, 'giu');

/** A day said with `em`: `na quinta-feira`, `no sábado`. */
const ON_DAY = /(^|[\s(])em (?=(?:(sábado|domingo)|(segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira))(?=[\s,.;:!?)]|$))/giu;

/** Portuguese wants the article with a place's name and a weekday: `em escritório de Kisogawa`
 *  is said `no escritório de Kisogawa`, `em quinta-feira` `na quinta-feira`, and a sentence that
 *  opens with a place's name `O escritório de Bisai está…`. */
function finish(text: string): string {
  return text
    .replace(IN_VENUE, (_, before: string, m?: string) => `${before}${m ? 'no' : 'na'} `)
    .replace(ON_DAY, (_, before: string, m?: string) => `${before}${m ? 'no' : 'na'} `)
    .replace(OPENS_WITH_VENUE, (_, before: string, m?: string) => `${before}${m ? 'O' : 'A'} `);
}

export function portugueseWording(labels?: WordingLabels): Wording {
  return {
    lang: 'pt',
    date,
    time,
    dateTime: (d, t) => `${date(d)}, às ${time(t)}`,
    digits: (d) => digitByDigit(d),
    phone: (p) => phoneDigits(p),
    venue: (v) => venueName(v, labels),
    finish,
    phrases: {
      option: (n, text) => `Opção ${n}: ${text}`,
      options: (items) => items.join('. '),
      list: (items) => items.join(', '),
      booking: (dateTime, venue) => `${dateTime}, em ${venue}`,
      birthDate: (d) => { const p = dateParts(d); return `${p.d} de ${MONTHS[p.m - 1]} de ${p.y}`; },
      period: (p) => (p === 'am' ? 'manhã' : 'tarde'),
      yes: 'sim',
      no: 'não',
      other: 'outros horários',
      key: (k) => (k === '*' ? 'asterisco' : k === '#' ? 'cerquilha' : k),
      intents: { book: 'agendamento', change: 'mudança de agendamento', cancel: 'cancelamento', check: 'consulta de agendamento', operator: 'atendente', faq: 'pergunta' },
      hints: { yesno: ['sim', 'não'], intent: ['agendar', 'mudar', 'cancelar', 'consultar', 'atendente'] },
      noinput: 'Desculpe, não consegui ouvir.',
      nomatch: 'Desculpe, não entendi.',
      systemError: 'Desculpe. Por um problema no sistema, não podemos continuar o atendimento.',
    },
  };
}
