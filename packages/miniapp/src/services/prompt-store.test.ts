import { describe, expect, it } from 'vitest';
import { createPromptStore } from './prompt-store';

describe('prompt store', () => {
  it('shows a question until the UI answers it, then resolves the asker', async () => {
    const prompts = createPromptStore();
    const answer = prompts.ask('scan-code');
    expect(prompts.current()?.kind).toBe('scan-code');
    prompts.current()?.answer('SF1:OP:WO-1:10');
    await expect(answer).resolves.toBe('SF1:OP:WO-1:10');
    expect(prompts.current()).toBeNull();
  });

  it('answers an older question with nothing when a newer one replaces it', async () => {
    const prompts = createPromptStore();
    const first = prompts.ask('scan-code');
    prompts.ask('demo-user');
    await expect(first).resolves.toBeUndefined();
    expect(prompts.current()?.kind).toBe('demo-user');
  });
});
