/** The contact center's console for agents, served by the console service at /. */
import { render } from 'preact';
import { App } from './App.tsx';
import { consoleLanguage } from './messages.ts';
import '../../../web-lib/staff-screens.css';
import './console.css';

document.documentElement.lang = consoleLanguage;
render(<App />, document.getElementById('app')!);
