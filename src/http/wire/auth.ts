/** Wire shapes of signing in and out (/auth). */
import { z } from 'zod';

export const loginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const userSchema = z
  .object({ id: z.string().uuid(), name: z.string(), role: z.enum(['operator', 'manager', 'resident', 'staff']) })
  .meta({ id: 'User' });

export const loginResponse = z.object({ token: z.string(), user: userSchema });

/** Who the session belongs to (GET /me): the web app asks on start, so a new tab or a bookmark opens signed in. */
export const sessionResponse = z.object({ user: userSchema });
