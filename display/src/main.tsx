import { render } from 'preact';
import { App } from './App.tsx';
import { addressWithoutKey, readSettings } from './settings.ts';
import './display.css';

const settings = readSettings(new URLSearchParams(location.search), storage());
if (settings.ok && settings.keySaved) history.replaceState(null, '', addressWithoutKey(location.href));

render(<App settings={settings} />, document.getElementById('app')!);

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
