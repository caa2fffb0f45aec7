// Plain text with its web addresses made into links, and nothing else rendered: React escapes
// the text, and only http(s) addresses become links (never javascript: or data:).
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
// A sentence's full stop or closing bracket after an address is not part of it.
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function LinkedText({ text }: { text: string }) {
  const parts: (string | { href: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const href = match[0].replace(TRAILING, '');
    parts.push(text.slice(last, match.index), { href });
    last = match.index + href.length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.href}
          </a>
        ),
      )}
    </>
  );
}
