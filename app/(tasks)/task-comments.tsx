'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RouterOutputs } from '@/server/trpc/routers/_app';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';
import { CommentComposer, type CommentDraft, type Person } from './comment-composer';
import { LinkedText } from './linked-text';

type Comment = RouterOutputs['comment']['list'][number];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A comment's text with the members it mentions marked, and its web addresses as links. */
function CommentBody({ comment }: { comment: Comment }) {
  const names = comment.mentions.map((m) => `@${m.name}`).sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  let rest = comment.body;
  while (rest) {
    const hits = names.map((n) => ({ n, at: rest.indexOf(n) })).filter((h) => h.at >= 0);
    const first = hits.sort((a, b) => a.at - b.at)[0];
    if (!first) break;
    parts.push({ text: rest.slice(0, first.at), mention: false }, { text: first.n, mention: true });
    rest = rest.slice(first.at + first.n.length);
  }
  parts.push({ text: rest, mention: false });
  return (
    <p className="comment-body">
      {parts.map((part, i) =>
        part.mention ? (
          <strong key={i} className="mention">
            {part.text}
          </strong>
        ) : (
          <LinkedText key={i} text={part.text} />
        ),
      )}
    </p>
  );
}

/** A task's conversation in its panel: read live, written with @mentions, each comment its author's to edit or delete. */
export function TaskComments({ taskId, people, myId }: { taskId: string; people: Person[]; myId: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const comments = useQuery(trpc.comment.list.queryOptions({ taskId }));
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Not awaited: the box empties when the comment is saved, not when the list has been read again.
  const readAgain = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.comment.list.queryKey({ taskId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.task.activity.queryKey({ taskId }) });
  };
  const settle = { onSettled: readAgain, onError: (error: unknown) => setProblem(describeError(error).message) };
  const add = useMutation(trpc.comment.add.mutationOptions(settle));
  const edit = useMutation(trpc.comment.edit.mutationOptions(settle));
  const remove = useMutation(trpc.comment.delete.mutationOptions(settle));
  const saved = (promise: Promise<unknown>) =>
    promise.then(
      () => true,
      () => false,
    );

  return (
    <section className="task-comments" aria-labelledby={`comments-${taskId}`}>
      <h3 id={`comments-${taskId}`}>Comments</h3>
      <FormAlert message={problem} />
      {comments.isPending && <p className="muted">Loading comments…</p>}
      {comments.isError && <p role="alert">{describeError(comments.error).message}</p>}
      {comments.data?.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comment-list">
        {comments.data?.map((comment) => (
          <li key={comment.id} className="comment">
            <p className="comment-meta">
              <strong>{comment.author}</strong> <span className="muted">{when(comment.createdAt)}</span>
              {comment.editedAt && <span className="muted"> (edited)</span>}
            </p>
            {editing === comment.id ? (
              <CommentComposer
                people={people}
                initial={{ body: comment.body, mentions: comment.mentions.map((m) => m.id) }}
                label="Edit your comment"
                submitLabel="Save comment"
                pending={edit.isPending}
                onCancel={() => setEditing(null)}
                onSubmit={async (draft: CommentDraft) => {
                  setProblem(null);
                  const ok = await saved(edit.mutateAsync({ id: comment.id, ...draft }));
                  if (ok) setEditing(null);
                  return ok;
                }}
              />
            ) : (
              <CommentBody comment={comment} />
            )}
            {comment.authorId === myId && editing !== comment.id && (
              <div className="row comment-actions">
                <button type="button" className="button button-ghost" onClick={() => setEditing(comment.id)}>
                  Edit<span className="visually-hidden"> your comment of {when(comment.createdAt)}</span>
                </button>
                <button
                  type="button"
                  className="button button-ghost button-danger"
                  disabled={remove.isPending}
                  onClick={() => {
                    setProblem(null);
                    if (window.confirm('Delete this comment?')) remove.mutate({ id: comment.id });
                  }}
                >
                  Delete<span className="visually-hidden"> your comment of {when(comment.createdAt)}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <CommentComposer
        people={people}
        label="Add a comment"
        submitLabel="Comment"
        pending={add.isPending}
        onSubmit={(draft) => {
          setProblem(null);
          return saved(add.mutateAsync({ taskId, ...draft }));
        }}
      />
    </section>
  );
}
