/** The call chime, generated with WebAudio: no sound files to ship, cache or lose. */

/** Two falling notes (E5, C5), each a soft sine with a quick attack and a long fade. */
const NOTES = [
  { hz: 659.25, startS: 0 },
  { hz: 523.25, startS: 0.45 },
];
const NOTE_S = 1.1;
const PEAK_GAIN = 0.35;

/** Speech may start while the last note fades. */
const SPEAK_AFTER_LAST_NOTE_S = 0.7;

/** Plays the chime; returns after how many milliseconds speech may follow. */
export function playChime(context: AudioContext): number {
  const t0 = context.currentTime + 0.02;
  for (const note of NOTES) {
    const start = t0 + note.startS;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = note.hz;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(PEAK_GAIN, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + NOTE_S);
    oscillator.connect(gain).connect(context.destination);
    oscillator.onended = () => {
      oscillator.disconnect();
      gain.disconnect();
    };
    oscillator.start(start);
    oscillator.stop(start + NOTE_S + 0.05);
  }
  const last = NOTES[NOTES.length - 1]!;
  return Math.ceil((last.startS + SPEAK_AFTER_LAST_NOTE_S) * 1000);
}
