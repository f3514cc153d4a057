// The page the browser lands on after the sign-in redirect (HTML, escaped; no scripts).

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** "You can close this tab", or what went wrong. */
export function loopbackPage(
  result: { readonly ok: true } | { readonly ok: false; readonly message: string },
): string {
  const title = result.ok ? 'Signed in to PIPE' : 'PIPE sign-in failed';
  const body = result.ok
    ? '<p>You are signed in to PIPE Desktop. You can close this tab.</p>'
    : `<p>${escapeHtml(result.message)}</p><p>You can close this tab and try again from PIPE Desktop.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}
