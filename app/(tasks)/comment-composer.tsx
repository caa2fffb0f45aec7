'use client';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

export interface Person {
  id: string;
  name: string;
}
export interface CommentDraft {
  body: string;
  mentions: string[];
}

const SHOWN = 6;
/** "@" then what is typed of a name, right before the caret, at the start or after a space. */
const TYPED_MENTION = /(?:^|\s)@([^@\n]{0,40})$/;

/**
 * A comment's text box: typing "@" lists the organisation's members whose names start with what
 * follows, to pick with the arrow keys and Enter or Tab (or a tap). The picked members travel
 * with the text; the server keeps those the text still names.
 */
export function CommentComposer({
  people,
  initial = { body: '', mentions: [] },
  label,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  people: Person[];
  initial?: CommentDraft;
  label: string;
  submitLabel: string;
  pending: boolean;
  /** Resolves true when saved: the box empties. */
  onSubmit: (draft: CommentDraft) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(initial.body);
  const [picked, setPicked] = useState<string[]>(initial.mentions);
  const [typed, setTyped] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);

  const matches = typed ? people.filter((p) => p.name.toLowerCase().startsWith(typed.query.toLowerCase())).slice(0, SHOWN) : [];
  const open = matches.length > 0;

  function follow(text: string, caret: number) {
    const match = TYPED_MENTION.exec(text.slice(0, caret));
    setTyped(match ? { query: match[1]!, start: caret - match[1]!.length - 1 } : null);
    setActive(0);
  }

  function pick(person: Person) {
    if (!typed || !box.current) return;
    const caret = box.current.selectionStart;
    const inserted = `@${person.name} `;
    const next = body.slice(0, typed.start) + inserted + body.slice(caret);
    setBody(next);
    setPicked((ids) => (ids.includes(person.id) ? ids : [...ids, person.id]));
    setTyped(null);
    const at = typed.start + inserted.length;
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (open && (event.key === 'Enter' || event.key === 'Tab')) {
      event.preventDefault();
      pick(matches[active]!);
    } else if (open && event.key === 'Escape') {
      // Closes the list, not the task's dialog.
      event.preventDefault();
      event.stopPropagation();
      setTyped(null);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const named = picked.filter((pid) => {
      const person = people.find((p) => p.id === pid);
      return person !== undefined && body.includes(`@${person.name}`);
    });
    const sent = body;
    // Only what was sent goes: words typed while it was saving stay.
    if (await onSubmit({ body, mentions: named })) {
      setBody((current) => (current === sent ? '' : current));
    }
  }

  const listId = `${id}-people`;
  return (
    <form className="comment-composer" onSubmit={submit} aria-label={label}>
      <div className="field mention-field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <textarea
          id={`${id}-body`}
          ref={box}
          value={body}
          rows={3}
          maxLength={5000}
          required
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setBody(event.target.value);
            follow(event.target.value, event.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setTyped(null), 150)}
        />
        <ul id={listId} role="listbox" className="mention-list" aria-label="Members" hidden={!open}>
          {matches.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(event) => {
                event.preventDefault(); // keeps the caret in the text box
                pick(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
        <p id={`${id}-hint`} className="hint">
          Type @ to mention a member: they get an email.
        </p>
      </div>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={pending || body.trim() === ''}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
