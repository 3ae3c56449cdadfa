// What the interpreter itself says (not the scenario's prompts): to the caller in their language,
// to the operator in Japanese. Short, plain, read slowly.
import type { Lang } from '../../core/languages.js';

export interface InterpreterWords {
  /** The caller waits for a person. */
  connecting: string;
  /** A person is on the line; the service interprets. */
  joined: string;
  /** What the person said could not be translated. */
  untranslatable: string;
  /** The person left the call. */
  operatorLeft: string;
}

export const CALLER_WORDS: Record<Lang, InterpreterWords> = {
  ja: { connecting: '担当者におつなぎします。そのままお待ちください。', joined: '担当者がでました。お話しください。', untranslatable: '申し訳ございません。もう一度お願いします。', operatorLeft: '担当者との通話が終わりました。お電話ありがとうございました。' },
  en: { connecting: 'I will connect you to a city staff member and interpret for you. Please hold.', joined: 'A staff member is on the line. Please go ahead.', untranslatable: 'Sorry, I could not translate that. Please wait a moment.', operatorLeft: 'The staff member has ended the call. Thank you for calling.' },
  zh: { connecting: '正在为您转接市政府工作人员，我会为您翻译。请稍等。', joined: '工作人员已接通，请讲。', untranslatable: '抱歉，这句话无法翻译，请稍等。', operatorLeft: '工作人员已结束通话。感谢您的来电。' },
  ko: { connecting: '시청 직원에게 연결해 드리고 통역해 드리겠습니다. 잠시만 기다려 주세요.', joined: '직원이 연결되었습니다. 말씀하세요.', untranslatable: '죄송합니다. 번역하지 못했습니다. 잠시만 기다려 주세요.', operatorLeft: '직원이 통화를 종료했습니다. 전화해 주셔서 감사합니다.' },
  vi: { connecting: 'Tôi sẽ nối máy với nhân viên thành phố và phiên dịch cho bạn. Vui lòng chờ.', joined: 'Nhân viên đã nghe máy. Mời bạn nói.', untranslatable: 'Xin lỗi, tôi không dịch được câu đó. Vui lòng chờ một chút.', operatorLeft: 'Nhân viên đã kết thúc cuộc gọi. Cảm ơn bạn đã gọi.' },
  pt: { connecting: 'Vou transferir para um funcionário da prefeitura e interpretar para você. Aguarde, por favor.', joined: 'Um funcionário está na linha. Pode falar.', untranslatable: 'Desculpe, não consegui traduzir. Aguarde um momento.', operatorLeft: 'O funcionário encerrou a ligação. Obrigado por ligar.' },
};

/** Said to the operator (Japanese). */
export const OPERATOR_WORDS = {
  /** The caller's words could not be translated: what the operator hears before the original. */
  untranslated: '翻訳できませんでした。画面の原文をご覧ください。',
  callerLeft: 'お客様が電話を切りました。',
};
