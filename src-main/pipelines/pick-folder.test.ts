import { describe, expect, it } from 'vitest';
import { createPipelinesHandlers } from './pipelines-handlers';
import type { PipelineWorkspaces } from './pipeline-workspaces';

const registry = { handle: () => { throw new Error('not used'); } };

describe('pipelines.pickFolder', () => {
  it('answers with the folder the native dialog returned, or nothing when cancelled', async () => {
    const answers = ['/home/me/repo', undefined];
    const titles: string[] = [];
    const handlers = createPipelinesHandlers({} as PipelineWorkspaces, { registry, folderPicker: { pick: (t) => (titles.push(t), Promise.resolve(answers.shift())) } });
    expect(await handlers.pickFolder({}, {} as never)).toEqual({ path: '/home/me/repo' });
    expect(await handlers.pickFolder({}, {} as never)).toEqual({});
    expect(titles).toEqual(['Open a repository folder', 'Open a repository folder']);
  });

  it('is unavailable without a native dialog (browser mode)', async () => {
    const handlers = createPipelinesHandlers({} as PipelineWorkspaces, { registry });
    await expect(handlers.pickFolder({}, {} as never)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
