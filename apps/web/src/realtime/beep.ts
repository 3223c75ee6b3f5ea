// The vendor's audible cue: two short tones from Web Audio (no sound file to load). Browsers keep
// audio off until the page has had a click, so the dashboard asks for one when it is needed.
let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  context ??= new AudioContext();
  return context;
}

/** Whether a beep would be heard now (false until the page has had a user gesture). */
export function soundReady(): boolean {
  return audio()?.state === 'running';
}

/** Call from a click: lets later beeps play. */
export async function enableSound(): Promise<boolean> {
  const ctx = audio();
  if (!ctx) return false;
  await ctx.resume().catch(() => undefined);
  return ctx.state === 'running';
}

export function beep(): void {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.18, 1320],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.17);
  }
}
