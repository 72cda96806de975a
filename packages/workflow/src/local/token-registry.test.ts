import { describe, expect, it } from 'vitest';
import { createTaskTokenRegistry } from './token-registry';

const EXEC = 'arn:aws:states:cn-north-1:000000000000:execution:wf:e1';

describe('createTaskTokenRegistry', () => {
  it('settles a task with SendTaskSuccess output, once', async () => {
    const registry = createTaskTokenRegistry();
    const { token, result } = registry.issue(EXEC);
    expect(registry.size()).toBe(1);
    registry.heartbeat(token);
    registry.succeed(token, '{"action":"register"}');
    await expect(result).resolves.toEqual({ action: 'register' });
    expect(registry.size()).toBe(0);
    expect(() => registry.succeed(token, '{}')).toThrow(expect.objectContaining({ type: 'TaskDoesNotExist' }));
  });

  it('fails a task with the given error and cause', async () => {
    const registry = createTaskTokenRegistry();
    const { token, result } = registry.issue(EXEC);
    registry.fail(token, 'Case.Rejected', 'duplicate');
    await expect(result).rejects.toMatchObject({ name: 'Case.Rejected', message: 'duplicate' });
    const other = registry.issue(EXEC);
    registry.fail(other.token);
    await expect(other.result).rejects.toMatchObject({ name: 'States.TaskFailed' });
  });

  it('tells timed-out, unknown and malformed tokens apart', () => {
    const registry = createTaskTokenRegistry();
    const { token } = registry.issue(EXEC);
    registry.timeOut(token);
    expect(() => registry.succeed(token, '{}')).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
    expect(() => registry.heartbeat('A'.repeat(64))).toThrow(expect.objectContaining({ type: 'TaskDoesNotExist' }));
    expect(() => registry.heartbeat('garbage')).toThrow(expect.objectContaining({ type: 'InvalidToken' }));
  });

  it('refuses output that is not JSON and keeps the task waiting', async () => {
    const registry = createTaskTokenRegistry();
    const { token, result } = registry.issue(EXEC);
    expect(() => registry.succeed(token, 'not json')).toThrow(expect.objectContaining({ type: 'InvalidOutput' }));
    registry.succeed(token, '1');
    await expect(result).resolves.toBe(1);
  });

  it('forgets cancelled tokens', () => {
    const registry = createTaskTokenRegistry();
    const { token } = registry.issue(EXEC);
    registry.cancel(token);
    expect(registry.size()).toBe(0);
    expect(() => registry.succeed(token, '{}')).toThrow(expect.objectContaining({ type: 'TaskDoesNotExist' }));
  });
});
