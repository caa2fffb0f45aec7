import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Prisma 8's Mongo runtime and the driver must be loaded from node_modules, not bundled:
  // bundled, the connection-string parser fails with "Mongo URL must be a valid URL".
  serverExternalPackages: ['@prisma/orm-mongo', 'mongodb', 'mongodb-connection-string-url', 'bcrypt'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
