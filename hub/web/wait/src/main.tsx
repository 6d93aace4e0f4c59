import { render } from 'preact';
import { App } from './App.tsx';
import './wait.css';

render(<App presetService={new URLSearchParams(location.search).get('service')} />, document.getElementById('app')!);
