/** The console's languages, each named in itself; picking one reloads the console in it. */
import { LanguageButtons } from '../../../../web-lib/LanguageButtons.tsx';
import { chooseConsoleLanguage, CONSOLE_LANGUAGE_NAMES, CONSOLE_LANGUAGES, consoleLanguage, messages, type ConsoleLanguage } from '../messages.ts';

export function LanguageSwitch() {
  return (
    <LanguageButtons
      languages={CONSOLE_LANGUAGES}
      current={consoleLanguage}
      onChange={(language) => language !== consoleLanguage && chooseConsoleLanguage(language)}
      nameOf={(language) => CONSOLE_LANGUAGE_NAMES[language as ConsoleLanguage]}
      label={messages.languageLabel}
    />
  );
}
