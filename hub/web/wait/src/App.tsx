import { useState } from 'preact/hooks';
import { JoinPage } from './components/JoinPage.tsx';
import { StatusPage } from './components/StatusPage.tsx';
import { useToken } from './hooks.ts';
import { rememberLanguage, rememberedLanguage } from './remembered.ts';

/** The status page when there is a visit to follow (#token, or one remembered), the join page otherwise. */
export function App({ presetService }: { presetService: string | null }) {
  const token = useToken();
  const [language, setLanguage] = useState(rememberedLanguage);
  const chooseLanguage = (chosen: string) => {
    rememberLanguage(chosen);
    setLanguage(chosen);
  };
  if (token) return <StatusPage key={token} token={token} chosenLanguage={language} onLanguage={chooseLanguage} />;
  return (
    <JoinPage
      presetService={presetService}
      chosenLanguage={language}
      onLanguage={chooseLanguage}
      onJoined={(joined) => {
        location.hash = joined;
      }}
    />
  );
}
