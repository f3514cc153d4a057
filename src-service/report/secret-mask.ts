// Masks the values of the Secrets a run's pods reference (env, envFrom, Secret volumes/workspaces) in text shown on GitHub.

/** A Secret a pod reads: one key of it, or all keys (envFrom, a volume without `items`). */
export interface SecretRef {
  readonly name: string;
  /** Keys read; undefined = every key. */
  readonly keys?: readonly string[];
}

/** The pod fields that can reference Secrets. */
export interface PodSecretSources {
  readonly spec?: {
    readonly containers?: readonly ContainerSecretSources[];
    readonly initContainers?: readonly ContainerSecretSources[];
    readonly volumes?: readonly {
      readonly secret?: {
        readonly secretName?: string;
        readonly items?: readonly { readonly key: string }[];
      };
      readonly projected?: {
        readonly sources?: readonly {
          readonly secret?: { readonly name?: string; readonly items?: readonly { readonly key: string }[] };
        }[];
      };
    }[];
  };
}

interface ContainerSecretSources {
  readonly env?: readonly {
    readonly valueFrom?: { readonly secretKeyRef?: { readonly name?: string; readonly key?: string } };
  }[];
  readonly envFrom?: readonly { readonly secretRef?: { readonly name?: string } }[];
}

/** Every Secret (and key) the pod's containers and volumes read, merged per Secret. */
export function secretRefsOfPod(pod: PodSecretSources): SecretRef[] {
  const all = new Set<string>();
  const keys = new Map<string, Set<string>>();
  const add = (name: string | undefined, key?: readonly string[]): void => {
    if (!name) return;
    if (!key) all.add(name);
    else for (const k of key) (keys.get(name) ?? keys.set(name, new Set()).get(name)!).add(k);
  };
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.key) add(ref.name, [ref.key]);
    }
    for (const e of c.envFrom ?? []) add(e.secretRef?.name);
  }
  for (const v of pod.spec?.volumes ?? []) {
    if (v.secret)
      add(
        v.secret.secretName,
        v.secret.items?.map((i) => i.key),
      );
    for (const s of v.projected?.sources ?? [])
      if (s.secret)
        add(
          s.secret.name,
          s.secret.items?.map((i) => i.key),
        );
  }
  const names = new Set([...all, ...keys.keys()]);
  return [...names]
    .sort()
    .map((name) => (all.has(name) ? { name } : { name, keys: [...keys.get(name)!].sort() }));
}

/** The decoded values a reference reads from a Secret's `data` (base64 per key). */
export function secretValues(data: Readonly<Record<string, string>> | undefined, ref: SecretRef): string[] {
  if (!data) return [];
  const keys = ref.keys ?? Object.keys(data);
  return keys.flatMap((k) =>
    data[k] !== undefined ? [Buffer.from(data[k], 'base64').toString('utf8')] : [],
  );
}

/** Values shorter than this cannot be masked without hiding ordinary text; a log that needs it is withheld instead. */
export const MIN_MASKABLE_CHARS = 4;
/** More distinct strings to mask than this (a huge Secret) → the text is withheld rather than scanned without bound. */
export const MAX_MASKED_STRINGS = 2000;
const MASK = '***';

/** Replaces every occurrence of the values (and their base64 forms, and each line of a multi-line value) with `***`. */
export class SecretMasker {
  private readonly needles: string[];
  /** Values too short to mask (the caller withholds text instead of showing it). */
  readonly unmaskable: number;

  constructor(values: Iterable<string>) {
    const needles = new Set<string>();
    let short = 0;
    for (const value of values) {
      if (value.trim() === '') continue;
      if (value.length < MIN_MASKABLE_CHARS) {
        short++;
        continue;
      }
      needles.add(value);
      needles.add(Buffer.from(value, 'utf8').toString('base64'));
      // Logs are read line by line: a key file or a multi-line token shows up one line at a time.
      for (const line of value.split(/\r?\n/))
        if (line.trim().length >= MIN_MASKABLE_CHARS) needles.add(line.trim());
    }
    // Longest first, so a value containing a shorter one is replaced whole.
    this.needles = needles.size > MAX_MASKED_STRINGS ? [] : [...needles].sort((a, b) => b.length - a.length);
    this.unmaskable = short + (needles.size > MAX_MASKED_STRINGS ? needles.size : 0);
  }

  /** True when nothing has to be masked. */
  get isEmpty(): boolean {
    return this.needles.length === 0 && this.unmaskable === 0;
  }

  mask(text: string): string {
    let out = text;
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join(MASK);
    return out;
  }
}
