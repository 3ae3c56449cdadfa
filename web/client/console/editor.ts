// The scenario editor: CodeMirror 6 with YAML highlighting over the page's textarea, and the
// API's validator run as you type (through the console, POST /console/content/scenarios/check with the
// page's CSRF token, so the problems are in the page's words); each
// problem becomes a mark at its line and column. The textarea stays the form field, so "check"
// and "upload" post the same text with or without this script.
import { EditorView, basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';

const textarea = document.getElementById('yaml') as HTMLTextAreaElement | null;
const form = document.querySelector('[data-scenario-editor]') as HTMLFormElement | null;
const status = document.getElementById('editor-problems');
const token = (document.querySelector('meta[name="csrf-token"]') as HTMLMetaElement | null)?.content ?? '';

interface Problem { line: number; col: number; message: string }

if (textarea && form) {
  const validate = linter(async (view) => {
    const text = view.state.doc.toString();
    // The console's check (not the API's): its problems come back in the page's words.
    const res = await fetch('/console/content/scenarios/check', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': token }, body: new URLSearchParams({ yaml: text }).toString() });
    if (!res.ok) return [];
    const { problems } = (await res.json()) as { problems: Problem[] };
    if (status) status.textContent = problems.length ? `${problems.length} ⚠` : '✓';
    document.documentElement.dataset.problems = String(problems.length);
    return problems.map((p): Diagnostic => {
      const line = view.state.doc.line(Math.min(Math.max(1, p.line), view.state.doc.lines));
      const from = Math.min(line.from + Math.max(0, p.col - 1), line.to);
      return { from, to: Math.max(from + 1, line.to), severity: 'error', message: p.message };
    });
  }, { delay: 400 });
  // The editor is named as the field it replaces (its label, in the page's language).
  const label = document.querySelector('label[for="yaml"]')?.textContent ?? 'YAML';
  const view = new EditorView({
    doc: textarea.value,
    // CodeMirror mounts its theme as a <style>: with the response's nonce the policy allows it.
    extensions: [basicSetup, yaml(), lintGutter(), validate, EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.cspNonce.of(form.dataset.styleNonce ?? '')],
  });
  // The scroll area is reachable by keyboard too (arrow keys scroll long files).
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute('aria-label', label);
  textarea.hidden = true;
  textarea.insertAdjacentElement('afterend', view.dom);
  form.addEventListener('submit', () => { textarea.value = view.state.doc.toString(); });
  (window as unknown as { scenarioEditor: EditorView }).scenarioEditor = view;
}
