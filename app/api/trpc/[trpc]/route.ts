import { getDeps } from '@/server/composition-root';
import { createTrpcHandler } from '@/server/trpc/http-handler';

const handler = createTrpcHandler(getDeps);

export { handler as GET, handler as POST };
