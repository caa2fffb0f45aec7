import { addComment, deleteComment, editComment, listComments } from '../../tasks/comments';
import { addCommentInput, deleteCommentInput, editCommentInput, taskIdInput } from '../../tasks/inputs';
import { memberProcedure, router } from '../init';

export const commentRouter = router({
  list: memberProcedure.input(taskIdInput).query(({ ctx, input }) => listComments(ctx.deps, ctx.member, input.taskId)),
  add: memberProcedure.input(addCommentInput).mutation(({ ctx, input }) => addComment(ctx.deps, ctx.member, input)),
  edit: memberProcedure.input(editCommentInput).mutation(({ ctx, input }) => editComment(ctx.deps, ctx.member, input)),
  delete: memberProcedure.input(deleteCommentInput).mutation(async ({ ctx, input }) => {
    await deleteComment(ctx.deps, ctx.member, input.id);
    return { ok: true as const };
  }),
});
