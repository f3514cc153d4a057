// Derives the live preview from the editor texts: the active file's pipelines, and every pipeline of the folder.
import { useMemo } from 'react';
import { readPipelineFile, type PipelineSource } from '../../../../src-shared/pipelines/pipeline-source';
import type { SimulatedPipeline } from '../../../../src-shared/pipelines/trigger-simulator';
import { useEditorStore } from './editor-store';

/** Larger texts get no live preview: parsing them on every keystroke would make typing lag. */
export const MAX_LIVE_PREVIEW_CHARS = 1_000_000;

/** The pipelines of the active tab's current text (none for texts over MAX_LIVE_PREVIEW_CHARS). */
export function useActivePipelines(): readonly PipelineSource[] {
  const text = useEditorStore((s) => s.tabs.find((t) => t.path === s.activePath)?.text);
  return useMemo(() => (text === undefined || text.length > MAX_LIVE_PREVIEW_CHARS ? [] : readPipelineFile(text).pipelines), [text]);
}

/** True when the active file is too large for the live preview. */
export function useActiveTooLarge(): boolean {
  return useEditorStore((s) => (s.tabs.find((t) => t.path === s.activePath)?.text.length ?? 0) > MAX_LIVE_PREVIEW_CHARS);
}

/** Every pipeline of the workspace: open tabs as typed, other files as on disk. */
export function useWorkspacePipelines(): readonly SimulatedPipeline[] {
  const files = useEditorStore((s) => s.files);
  const tabs = useEditorStore((s) => s.tabs);
  const contents = useEditorStore((s) => s.contents);
  return useMemo(() => {
    const texts = new Map<string, string>();
    for (const f of files) {
      const text = contents[f.path];
      if (text !== undefined) texts.set(f.path, text);
    }
    for (const t of tabs) texts.set(t.path, t.text);
    const out: SimulatedPipeline[] = [];
    for (const [path, text] of [...texts].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (text.length > MAX_LIVE_PREVIEW_CHARS) continue;
      for (const p of readPipelineFile(text).pipelines) out.push({ name: p.name, file: path, annotation: p.annotation });
    }
    return out;
  }, [files, tabs, contents]);
}
