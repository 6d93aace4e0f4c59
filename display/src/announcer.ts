/**
 * Announces calls out loud: a chime, then the ticket and where to go, spoken in
 * each of the screen's languages. One announcement at a time, so calls never
 * talk over each other; during a burst only the newest few wait their turn.
 *
 * Browsers keep a page silent until someone interacts with it. The announcer
 * notices (a suspended AudioContext, or speech refused with 'not-allowed'),
 * reports 'blocked', drops calls instead of saving them up, and is unblocked by
 * any tap or key press on the page (see enable()).
 */
import { nameIn } from '../../hub/contract/names.ts';
import { playChime } from './chime.ts';
import { ticketForSpeech, type Announcement } from './calls.ts';
import { messagesFor } from './i18n/index.ts';

export type SoundState = 'on' | 'blocked' | 'unavailable';

/** Older calls in a burst are already on screen; saying them all would take minutes. */
const MAX_WAITING = 3;
const SPEECH_RATE = 0.9;
/** Speech engines sometimes never fire 'end'; give up on an utterance after this long. */
const speechTimeoutMs = (text: string) => Math.min(20_000, 2_000 + text.length * 120);

export class Announcer {
  private readonly audio: AudioContext | null;
  private readonly speech: SpeechSynthesis | null;
  private languages: readonly string[];
  private waiting: Announcement[] = [];
  private speaking = false;
  private speechRefused = false;
  private disposed = false;
  private state: SoundState | null = null;
  /** Ends the current pause (chime or utterance) early, on dispose. */
  private interrupt: (() => void) | null = null;
  private voices: SpeechSynthesisVoice[] = [];

  constructor(
    languages: readonly string[],
    private readonly onSoundState: (state: SoundState) => void,
  ) {
    this.languages = languages;
    this.audio = createAudioContext();
    this.speech = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
    this.audio?.addEventListener('statechange', this.refresh);
    this.speech?.addEventListener('voiceschanged', this.loadVoices);
    window.addEventListener('pointerdown', this.onInteraction);
    window.addEventListener('keydown', this.onInteraction);
    this.loadVoices();
    this.refresh();
    // Allowed when the browser lets pages play sound on their own (kiosk policy); otherwise it stays suspended.
    this.audio?.resume().then(this.refresh, () => {});
  }

  setLanguages(languages: readonly string[]): void {
    this.languages = languages;
  }

  announce(announcement: Announcement): void {
    if (this.disposed || this.state !== 'on') return;
    this.waiting.push(announcement);
    if (this.waiting.length > MAX_WAITING) this.waiting.splice(0, this.waiting.length - MAX_WAITING);
    if (!this.speaking) void this.speakWaiting();
  }

  /** Call from a user gesture: resumes audio and lets speech start. */
  enable(): void {
    void this.audio?.resume().then(this.refresh, () => {});
    if (this.speech) {
      // An utterance started inside a gesture unlocks speech for the page.
      this.speech.speak(new SpeechSynthesisUtterance(''));
      this.speechRefused = false;
    }
    this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.waiting = [];
    this.audio?.removeEventListener('statechange', this.refresh);
    this.speech?.removeEventListener('voiceschanged', this.loadVoices);
    window.removeEventListener('pointerdown', this.onInteraction);
    window.removeEventListener('keydown', this.onInteraction);
    this.speech?.cancel();
    this.interrupt?.();
    void this.audio?.close().catch(() => {});
  }

  private readonly onInteraction = () => {
    if (this.state === 'blocked') this.enable();
  };

  private readonly loadVoices = () => {
    this.voices = this.speech?.getVoices() ?? [];
  };

  private readonly refresh = () => {
    if (this.disposed) return;
    let state: SoundState;
    if (!this.audio && !this.speech) state = 'unavailable';
    else if ((this.audio && this.audio.state !== 'running') || this.speechRefused) state = 'blocked';
    else state = 'on';
    if (state === this.state) return;
    this.state = state;
    if (state !== 'on') this.waiting = [];
    this.onSoundState(state);
  };

  private async speakWaiting(): Promise<void> {
    this.speaking = true;
    try {
      for (let next = this.waiting.shift(); next && !this.disposed; next = this.waiting.shift()) {
        if (this.audio?.state === 'running') await this.pause(playChime(this.audio));
        for (const language of this.languages) {
          if (this.disposed || this.state !== 'on') break;
          await this.say(next, language);
        }
      }
    } finally {
      this.speaking = false;
    }
  }

  private say(announcement: Announcement, language: string): Promise<void> {
    const speech = this.speech;
    if (!speech) return Promise.resolve();
    const messages = messagesFor(language);
    const ticket = ticketForSpeech(announcement.ticket);
    const counter = nameIn({ name: announcement.counterName, ...(announcement.counterNames && { names: announcement.counterNames }) }, language);
    const text = announcement.recall ? messages.speech.recall(ticket, counter) : messages.speech.call(ticket, counter);
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language;
    utterance.rate = SPEECH_RATE;
    const voice = this.voiceFor(language);
    if (voice) utterance.voice = voice;
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        utterance.onend = null;
        utterance.onerror = null;
        this.interrupt = null;
        resolve();
      };
      const timer = setTimeout(finish, speechTimeoutMs(text));
      utterance.onend = finish;
      utterance.onerror = (event) => {
        if (event.error === 'not-allowed') {
          this.speechRefused = true;
          this.refresh();
        }
        finish();
      };
      this.interrupt = finish;
      speech.speak(utterance);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interrupt = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.interrupt = finish;
    });
  }

  private voiceFor(language: string): SpeechSynthesisVoice | undefined {
    const wanted = language.toLowerCase();
    const matching = this.voices.filter((v) => v.lang.toLowerCase() === wanted || v.lang.toLowerCase().startsWith(`${wanted}-`));
    return matching.find((v) => v.default) ?? matching.find((v) => v.localService) ?? matching[0];
  }
}

function createAudioContext(): AudioContext | null {
  try {
    return typeof AudioContext === 'undefined' ? null : new AudioContext();
  } catch {
    return null;
  }
}
