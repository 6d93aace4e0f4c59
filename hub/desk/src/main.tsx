/** The staff desk, served by the hub at /desk/. */
import { render } from 'preact';
import { App } from './App.tsx';
import './desk.css';

render(<App />, document.getElementById('app')!);
