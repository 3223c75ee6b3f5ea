import { Header } from './Header';
import { Link } from './router';

export function NotFound() {
  return (
    <>
      <Header area="shop" />
      <main className="page narrow">
        <div className="card empty">
          <h1>Page not found</h1>
          <p>
            Go to the <Link to="/">shop</Link> or the <Link to="/vendor">vendor dashboard</Link>.
          </p>
        </div>
      </main>
    </>
  );
}
