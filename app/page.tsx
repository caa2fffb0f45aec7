import type { Metadata } from 'next';
import { Home } from './_components/home';

export const metadata: Metadata = { title: 'Your tasks' };

export default function HomePage() {
  return <Home />;
}
