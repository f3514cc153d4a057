// Failure and waiting reasons in plain words: what happened and what to do, from Tekton and pod reasons.

const REASONS: Readonly<Record<string, string>> = {
  ImagePullBackOff: 'The image could not be pulled (wrong name or tag, or no access to the registry).',
  ErrImagePull: 'The image could not be pulled (wrong name or tag, or no access to the registry).',
  TaskRunImagePullFailed: 'A step image could not be pulled (wrong name or tag, or no access to the registry).',
  InvalidImageName: 'A step names an image that is not a valid image reference.',
  CreateContainerConfigError: 'A step could not be created: a Secret or ConfigMap it uses is missing.',
  OOMKilled: 'A step ran out of memory and was killed (OOMKilled). Raise its memory limit.',
  Unschedulable: 'No node can run this pod (not enough CPU or memory, or no node matches its constraints).',
  ExceededNodeResources: 'No node has enough CPU or memory for this task.',
  ExceededResourceQuota: 'The namespace resource quota does not allow this task’s pod.',
  TaskRunTimeout: 'The task ran longer than its timeout.',
  PipelineRunTimeout: 'The run took longer than its timeout.',
  Cancelled: 'The run was cancelled.',
  CancelledRunFinally: 'Cancelled — finally tasks still run.',
  StoppedRunFinally: 'Stopped — finally tasks still run.',
  PipelineRunCancelled: 'The run was cancelled.',
  TaskRunCancelled: 'The task was cancelled.',
  CouldntGetPipeline: 'The pipeline this run refers to could not be read.',
  CouldntGetTask: 'A task this run refers to could not be read.',
  PipelineValidationFailed: 'The pipeline is not valid.',
  InvalidTaskResultReference: 'A task refers to a result that does not exist.',
  PipelineRunPending: 'Waiting: the run is queued (pending) and has not started yet.',
  Error: 'A step exited with an error.',
  Failed: 'A task failed.',
};

/** Plain words for a reason (Tekton condition reason, container waiting/terminated reason, pod condition reason). */
export function reasonInWords(reason: string | undefined, message?: string): string | undefined {
  if (!reason) return message;
  const words = REASONS[reason];
  if (!words) return message ? `${reason}: ${message}` : reason;
  return words;
}

/** A step's exit explained: `exit code 1`, `killed: out of memory`. */
export function exitInWords(exitCode: number | undefined, reason: string | undefined): string | undefined {
  if (reason === 'OOMKilled') return 'killed: out of memory';
  if (exitCode === undefined) return undefined;
  if (exitCode === 0) return 'exit code 0';
  if (exitCode === 137) return 'exit code 137 (killed)';
  return `exit code ${exitCode}`;
}
