'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useAccess, useCanChange } from '@/components/auth/access-context';

const LINKS = [
  { href: '/', label: 'Onboardings', isActive: (path: string) => path === '/' || (path.startsWith('/onboardings/') && path !== '/onboardings/new') },
  { href: '/onboardings/new', label: 'New hire', isActive: (path: string) => path === '/onboardings/new' },
  { href: '/plans', label: 'Plans', isActive: (path: string) => path.startsWith('/plans') },
  { href: '/services', label: 'Services', isActive: (path: string) => path.startsWith('/services') },
  { href: '/sandbox', label: 'Sandbox', isActive: (path: string) => path.startsWith('/sandbox') },
  { href: '/admin/users', label: 'People', isActive: (path: string) => path.startsWith('/admin/users') },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  const canChange = useCanChange();
  const { signInEnabled, user } = useAccess();
  // A viewer cannot start onboardings, so the form is not offered; People is for signed-in HR admins.
  const links = LINKS.filter((link) => {
    if (link.href === '/onboardings/new') return canChange;
    if (link.href === '/admin/users') return signInEnabled && user?.role === 'hr-admin';
    return true;
  });
  return (
    <ul className="flex items-center gap-1 text-sm">
      {links.map((link) => {
        const active = link.isActive(pathname);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 font-medium transition-colors ${
                active
                  ? 'bg-zinc-900/5 text-zinc-900 dark:bg-white/10 dark:text-white'
                  : 'text-zinc-600 hover:bg-zinc-900/5 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-white/10 dark:hover:text-white'
              }`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
