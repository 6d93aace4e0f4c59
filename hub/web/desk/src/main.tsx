/** The staff desk, served by the hub at /desk/. */
import { render } from 'preact';
import { App } from './App.tsx';
import { deskLanguage } from './messages.ts';
import '../../../../web-lib/staff-screens.css';
import './desk.css';

document.documentElement.lang = deskLanguage;
render(<App />, document.getElementById('app')!);
