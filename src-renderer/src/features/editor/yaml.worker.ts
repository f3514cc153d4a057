// monaco-yaml's language worker (completion, hover from the Tekton schema), bundled locally by Vite.
import 'monaco-yaml/yaml.worker.js';
