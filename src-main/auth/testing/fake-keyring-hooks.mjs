// Module hooks: `import('@napi-rs/keyring')` loads ./fake-keyring.mjs instead (see fake-keyring-register.mjs).
const FAKE = new URL('./fake-keyring.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === '@napi-rs/keyring') return { url: FAKE, shortCircuit: true };
  return next(specifier, context);
}
