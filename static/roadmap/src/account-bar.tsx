import type { Account } from './transport';

/**
 * Who is signed in on `keyrank serve`, and signing out: a plain form posting the session's CSRF
 * token as the `csrf` field, so it works like any form and the server answers with its own
 * signed-out page.
 */
export function AccountBar({ account }: { account: Account }) {
  return (
    <form className="kr-account" method="post" action={account.signOutUrl}>
      <span className="kr-subtle">
        Signed in as <strong data-testid="signed-in-name">{account.name}</strong>
      </span>
      <input type="hidden" name="csrf" value={account.csrfToken} />
      <button type="submit" className="kr-button">
        Sign out
      </button>
    </form>
  );
}
