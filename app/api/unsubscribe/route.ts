import { getDeps } from '@/server/composition-root';
import { createUnsubscribeHandler } from '@/server/http/unsubscribe-handler';

export const POST = createUnsubscribeHandler(getDeps);
