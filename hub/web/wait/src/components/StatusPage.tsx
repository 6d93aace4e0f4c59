import { useEffect } from 'preact/hooks';
import { pickLanguage } from '../../../../../web-lib/languages.ts';
import { useDocument } from '../../../../../web-lib/use-document.ts';
import { useLiveChannel } from '../hooks.ts';
import { LANGUAGES, messagesFor } from '../i18n/index.ts';
import { forgetToken } from '../remembered.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { PageFrame } from './PageFrame.tsx';
import { UnknownLink } from './UnknownLink.tsx';
import { isEnded } from './VisitEnded.tsx';
import { Visit } from './Visit.tsx';

interface Props {
  token: string;
  chosenLanguage: string | null;
  onLanguage: (language: string) => void;
}

/** The person's own visit, live from the hub, for as long as the status link is valid. */
export function StatusPage({ token, chosenLanguage, onLanguage }: Props) {
  const { live, channel } = useLiveChannel(token);
  const { entry, unknownLink } = live;
  // Their choice on this phone, else the language they joined in, else their browser's.
  const language = pickLanguage(LANGUAGES, chosenLanguage, entry?.language, navigator.languages);
  const messages = messagesFor(language);
  const ended = entry !== null && isEnded(entry.status);

  useEffect(() => {
    if (unknownLink || ended) forgetToken(token);
  }, [token, unknownLink, ended]);
  useDocument(language, entry?.ticket ? `${entry.ticket} · ${entry.siteName}` : messages.pageTitle);

  return (
    <PageFrame
      siteName={entry?.siteName ?? null}
      language={language}
      languages={LANGUAGES}
      onLanguage={onLanguage}
      aside={!unknownLink && !ended && <ConnectionBadge connection={live.connection} messages={messages} />}
    >
      {unknownLink ? <UnknownLink messages={messages} /> : entry && <Visit entry={entry} language={language} messages={messages} act={(action, phone) => channel.act(action, phone)} />}
    </PageFrame>
  );
}
