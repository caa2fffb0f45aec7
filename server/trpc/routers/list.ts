import { archiveList, createList, deleteList, listLists, moveList, renameList } from '../../tasks/lists';
import { archiveListInput, createListInput, deleteListInput, moveListInput, renameListInput } from '../../tasks/inputs';
import { memberProcedure, router } from '../init';

export const listRouter = router({
  all: memberProcedure.query(({ ctx }) => listLists(ctx.deps, ctx.member)),
  create: memberProcedure.input(createListInput).mutation(({ ctx, input }) => createList(ctx.deps, ctx.member, input)),
  rename: memberProcedure.input(renameListInput).mutation(({ ctx, input }) => renameList(ctx.deps, ctx.member, input)),
  move: memberProcedure.input(moveListInput).mutation(({ ctx, input }) => moveList(ctx.deps, ctx.member, input)),
  archive: memberProcedure.input(archiveListInput).mutation(({ ctx, input }) => archiveList(ctx.deps, ctx.member, input)),
  delete: memberProcedure.input(deleteListInput).mutation(async ({ ctx, input }) => {
    await deleteList(ctx.deps, ctx.member, input);
    return { ok: true as const };
  }),
});
