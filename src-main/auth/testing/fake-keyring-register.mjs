// `node --import <this file>`: the process sees ./fake-keyring.mjs as @napi-rs/keyring.
import { register } from 'node:module';

register('./fake-keyring-hooks.mjs', import.meta.url);
