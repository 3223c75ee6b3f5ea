import type { ReactNode } from 'react';
import { Link } from './router';

export function Header({ area, children }: { area: 'shop' | 'vendor'; children?: ReactNode }) {
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to={area === 'vendor' ? '/vendor' : '/'} className="brand">
          <span className="brand-mark">B</span>
          <span className="brand-name">Bazaar</span>
          {area === 'vendor' && <span className="brand-area">for vendors</span>}
        </Link>
        <div className="topbar-right">{children}</div>
      </div>
    </header>
  );
}
