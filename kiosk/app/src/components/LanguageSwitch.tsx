import { LanguageButtons } from '../../../../web-lib/LanguageButtons.tsx';
import { messagesFor } from '../i18n/index.ts';

interface Props {
  languages: readonly string[];
  current: string;
  onChange: (language: string) => void;
}

export function LanguageSwitch({ languages, current, onChange }: Props) {
  const label = `${messagesFor(current).switchLanguage} / ${languages.map((l) => messagesFor(l).switchLanguage).join(' / ')}`;
  return <LanguageButtons languages={languages} current={current} onChange={onChange} nameOf={(l) => messagesFor(l).languageName} label={label} />;
}
