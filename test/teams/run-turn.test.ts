import { Writable } from 'node:stream';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { ValidationError } from '../../src/core/errors';
import { createLogger } from '../../src/logger';
import { GENERIC_APOLOGY } from '../../src/teams/errors';
import { turnHandler } from '../../src/teams/run-turn';

function setup(error: unknown) {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }),
  );
  const adapter = new TestAdapter(turnHandler({ run: async () => Promise.reject(error) }, log));
  const send = async (activity: Partial<Activity>) => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: 'msteams',
      from: { id: 'u1', name: 'Sam Teacher' },
      conversation: { id: 'c1', conversationType: 'personal', isGroup: false, name: '' },
      ...activity,
    });
    return adapter.activeQueue.splice(0);
  };
  return { send, lines };
}

describe('a failing turn', () => {
  it('answers a personal message with a polite apology and logs no content', async () => {
    const { send, lines } = setup(new Error('database password is hunter2 for Sam Teacher'));
    const replies = await send({ type: ActivityTypes.Message, text: 'my secret question' });
    expect(replies.map((r) => r.text)).toEqual([GENERIC_APOLOGY]);
    const log = lines.join('');
    expect(log).toContain('turn_failed');
    expect(log).not.toMatch(/hunter2|Sam Teacher|my secret question/);
  });

  it("shows a domain error's own polite message", async () => {
    const { send } = setup(new ValidationError('Please say when it happened.'));
    const replies = await send({ type: ActivityTypes.Message, text: 'x' });
    expect(replies.map((r) => r.text)).toEqual(['Please say when it happened.']);
  });

  it('always answers an invoke with 200 and a message, never a 500', async () => {
    const { send } = setup(new Error('boom'));
    const replies = await send({
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: {},
    });
    const response = replies.find((r) => r.type === 'invokeResponse');
    expect(response?.value).toMatchObject({ status: 200, body: { value: GENERIC_APOLOGY } });
  });

  it('never posts an error into a channel', async () => {
    const { send } = setup(new Error('boom'));
    const replies = await send({
      type: ActivityTypes.Message,
      text: 'x',
      conversation: {
        id: '19:c;messageid=1',
        conversationType: 'channel',
        isGroup: true,
        name: '',
      },
    });
    expect(replies).toEqual([]);
  });
});

describe('an invoke no feature handles', () => {
  it('gets a 400 saying it is not supported, not the SDK default 501', async () => {
    const adapter = new TestAdapter(
      turnHandler({ run: async () => false }, createLogger('silent')),
    );
    await adapter.processActivity({
      type: ActivityTypes.Invoke,
      name: 'bogus/invoke',
      channelId: 'msteams',
    });
    const response = adapter.activeQueue.find((r) => r.type === 'invokeResponse');
    expect(response?.value).toMatchObject({ status: 400 });
  });
});
