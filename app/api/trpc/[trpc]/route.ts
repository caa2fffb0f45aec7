import { getDeps } from '@/server/services';
import { createTrpcHandler } from '@/server/trpc/http-handler';

const handler = createTrpcHandler(getDeps);

export { handler as GET, handler as POST };
