import { describe, expect, it } from 'vitest';
import { crdName, servedCollectionPaths, withoutConversion } from './tekton.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'pipelineruns.tekton.dev' },
  spec: {
    group: 'tekton.dev',
    names: { plural: 'pipelineruns' },
    conversion: { strategy: 'Webhook', webhook: {} },
    versions: [
      { name: 'v1beta1', served: true, storage: false },
      { name: 'v1', served: true, storage: true },
    ],
  },
};

describe('withoutConversion', () => {
  it('drops the webhook conversion and serves only the storage version', () => {
    const out = withoutConversion(crd);
    expect(out.spec.conversion).toBeUndefined();
    expect(out.spec.versions).toEqual([
      { name: 'v1beta1', served: false, storage: false },
      { name: 'v1', served: true, storage: true },
    ]);
    expect(crd.spec.conversion).toBeDefined();
    expect(crdName(out)).toBe('pipelineruns.tekton.dev');
    expect(servedCollectionPaths([out])).toEqual(['/apis/tekton.dev/v1/pipelineruns']);
  });
});
