/** Usernames compare case-insensitively; this is the form stored for uniqueness. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
