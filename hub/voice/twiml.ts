/**
 * TwiML, the XML a Twilio voice webhook answers with: just the verbs the
 * phone menu uses, written the way Twilio's own builder writes them (the
 * tests compare with it byte for byte).
 */
export type TwimlVerb = string;

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function element(name: string, attributes: Record<string, string | number>, children: readonly string[] = []): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

export function voiceResponse(...verbs: TwimlVerb[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element('Response', {}, verbs)}`;
}

/** Keypad input only; Twilio posts the digits to `action`. */
export function gather(options: { action: string; numDigits?: number; finishOnKey?: string; timeout?: number }, ...prompts: TwimlVerb[]): TwimlVerb {
  const { action, ...rest } = options;
  return element('Gather', { input: 'dtmf', ...rest, action, method: 'POST' }, prompts);
}

/** Spoken in `voiceLanguage` (en-US, es-MX). */
export function say(voiceLanguage: string, text: string): TwimlVerb {
  return element('Say', { language: voiceLanguage }, [escapeText(text)]);
}

export function hangup(): TwimlVerb {
  return element('Hangup', {});
}
