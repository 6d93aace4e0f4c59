import { render } from 'preact';

render(<main>Now serving</main>, document.getElementById('app')!);
