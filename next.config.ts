import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Prisma 8's Mongo runtime and the driver must be loaded from node_modules, not bundled:
  // bundled, the connection-string parser fails with "Mongo URL must be a valid URL".
  serverExternalPackages: ['@prisma/orm-mongo', 'mongodb', 'mongodb-connection-string-url', 'bcrypt'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    // The Content-Security-Policy (with a per-request nonce) and HSTS come from proxy.ts.
    return [
      {
        source: '/:path*',
        headers: [
          // Token links must never leak to another site through the Referer header.
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
