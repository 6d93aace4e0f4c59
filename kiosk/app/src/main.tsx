import { render } from 'preact';
import { addressWithoutKey, browserStore } from '../../../web-lib/device-credentials.ts';
import { sameOriginMqttUrl } from '../../../web-lib/mqtt-socket.ts';
import { App } from './App.tsx';
import { readDevice, readIdleTimes } from './settings.ts';
import './kiosk.css';

const params = new URLSearchParams(location.search);
const device = readDevice(params, browserStore());
if (params.has('key')) history.replaceState(null, '', addressWithoutKey(location.href));

render(<App device={device} mqttUrl={sameOriginMqttUrl(location)} idle={readIdleTimes(params)} />, document.getElementById('app')!);
