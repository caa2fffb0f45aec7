import { assignedToMe, completeTask, createTask, deleteTask, listTasks, moveTask, updateTask, upcoming } from '../../tasks/tasks';
import {
  assignedToMeInput,
  createTaskInput,
  deleteTaskInput,
  listTasksInput,
  moveTaskInput,
  toggleTaskInput,
  updateTaskInput,
  searchTasksInput,
  taskIdInput,
  upcomingInput,
} from '../../tasks/inputs';
import { searchTasks } from '../../tasks/search';
import { listActivity } from '../../tasks/activity';
import { memberProcedure, router } from '../init';

export const taskRouter = router({
  list: memberProcedure.input(listTasksInput).query(({ ctx, input }) => listTasks(ctx.deps, ctx.member, input)),
  mine: memberProcedure.input(assignedToMeInput).query(({ ctx, input }) => assignedToMe(ctx.deps, ctx.member, input)),
  upcoming: memberProcedure.input(upcomingInput).query(({ ctx, input }) => upcoming(ctx.deps, ctx.member, input)),
  activity: memberProcedure.input(taskIdInput).query(({ ctx, input }) => listActivity(ctx.deps, ctx.member, input.taskId)),
  search: memberProcedure.input(searchTasksInput).query(({ ctx, input }) => searchTasks(ctx.deps, ctx.member, input)),
  create: memberProcedure.input(createTaskInput).mutation(({ ctx, input }) => createTask(ctx.deps, ctx.member, input)),
  update: memberProcedure
    .input(updateTaskInput)
    .mutation(({ ctx, input: { id, ...changes } }) => updateTask(ctx.deps, ctx.member, id, changes)),
  toggle: memberProcedure
    .input(toggleTaskInput)
    .mutation(({ ctx, input }) => completeTask(ctx.deps, ctx.member, input.id, input.done)),
  move: memberProcedure.input(moveTaskInput).mutation(({ ctx, input }) => moveTask(ctx.deps, ctx.member, input)),
  delete: memberProcedure.input(deleteTaskInput).mutation(async ({ ctx, input }) => {
    await deleteTask(ctx.deps, ctx.member, input.id);
    return { ok: true as const };
  }),
});
