import type { Metadata } from 'next';
import { SettingsPage } from './settings-page';

export const metadata: Metadata = { title: 'Organisation settings' };

export default function Settings() {
  return <SettingsPage />;
}
