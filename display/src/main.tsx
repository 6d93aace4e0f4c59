import { render } from 'preact';
import { addressWithoutKey, browserStore } from '../../web-lib/device-credentials.ts';
import { App } from './App.tsx';
import { readSettings } from './settings.ts';
import './display.css';

const settings = readSettings(new URLSearchParams(location.search), browserStore());
if (settings.ok && settings.keySaved) history.replaceState(null, '', addressWithoutKey(location.href));

render(<App settings={settings} />, document.getElementById('app')!);
