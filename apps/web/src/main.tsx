import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OrderPage } from './order/OrderPage';
import { ShopPage } from './shop/ShopPage';
import { NotFound } from './ui/NotFound';
import { usePath } from './ui/router';
import { VendorPage } from './vendor/VendorPage';
import './styles.css';

function App() {
  const path = usePath();
  if (path === '/' || path === '/index.html') return <ShopPage />;
  if (path === '/vendor' || path === '/vendor/') return <VendorPage />;
  const order = /^\/orders\/([^/]+)\/?$/.exec(path);
  if (order) return <OrderPage orderId={decodeURIComponent(order[1]!)} />;
  return <NotFound />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
