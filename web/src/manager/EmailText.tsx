/** An email address that may wrap after its "@" on a narrow screen, and nowhere inside a word. */
export function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at <= 0) return <span className="mgr-email">{email}</span>;
  return (
    <span className="mgr-email">
      {email.slice(0, at)}
      <wbr />@{email.slice(at + 1)}
    </span>
  );
}
