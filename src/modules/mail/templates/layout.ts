export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A short transactional mail: greeting, paragraphs, one button, and the same in plain text. */
export function renderActionMail(input: {
  subject: string;
  name: string;
  paragraphs: string[];
  action: { label: string; url: string };
  footer: string;
}): RenderedMail {
  const text = [
    `Hello ${input.name},`,
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    `${input.action.label}: ${input.action.url}`,
    '',
    input.footer,
    '',
    '— Qgig',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family:Arial,sans-serif;color:#222;max-width:560px">
<p>Hello ${escapeHtml(input.name)},</p>
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(input.action.url)}" style="background:#0b6e4f;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(input.action.label)}</a></p>
<p style="font-size:12px;color:#666">${escapeHtml(input.footer)}</p>
<p>— Qgig</p>
</body></html>`;
  return { subject: input.subject, text, html };
}
