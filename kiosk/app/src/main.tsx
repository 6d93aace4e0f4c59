import { render } from 'preact';
import { sameOriginMqttUrl } from '../../../display/src/hub-connection.ts';
import { App } from './App.tsx';
import { addressWithoutKey, readDevice, readIdleTimes } from './settings.ts';
import './kiosk.css';

const params = new URLSearchParams(location.search);
const device = readDevice(params, storage());
if (params.has('key')) history.replaceState(null, '', addressWithoutKey(location.href));

render(<App device={device} mqttUrl={sameOriginMqttUrl(location)} idle={readIdleTimes(params)} />, document.getElementById('app')!);

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
