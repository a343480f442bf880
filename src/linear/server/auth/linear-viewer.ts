import { AuthenticationLinearError, LinearClient } from '@linear/sdk';
import { z } from 'zod';
import { OAuthGrantRefusedError, OAuthUnavailableError } from './oauth-errors';

/** Who a token belongs to, and the workspace (organization) they are a member of. */
export interface LinearViewer {
  id: string;
  name: string;
  email: string;
  organization: { id: string; name: string; urlKey: string };
}

export type ReadViewer = (accessToken: string) => Promise<LinearViewer>;

/** One request: the viewer and their organization together (the SDK's `viewer` would take two). */
export const VIEWER_QUERY = `query KeyrankViewer {
  viewer { id name email organization { id name urlKey } }
}`;

const ViewerAnswer = z.object({
  viewer: z.object({
    id: z.string().min(1),
    name: z.string(),
    email: z.string(),
    organization: z.object({ id: z.string().min(1), name: z.string(), urlKey: z.string() }),
  }),
});

/**
 * Reads the viewer of a token with the real LinearClient at `apiUrl` (LINEAR_API_URL). A token
 * Linear does not accept is OAuthGrantRefusedError; anything else that fails is "unavailable".
 */
export function linearViewer(apiUrl: string): ReadViewer {
  return async (accessToken) => {
    const client = new LinearClient({ accessToken, apiUrl });
    let data: unknown;
    try {
      data = (await client.client.rawRequest(VIEWER_QUERY)).data;
    } catch (error) {
      if (error instanceof AuthenticationLinearError) {
        throw new OAuthGrantRefusedError(
          'Linear does not accept this token any more; sign in again',
        );
      }
      throw new OAuthUnavailableError('Linear could not say who signed in; try again later');
    }
    const viewer = viewerOf(data);
    if (viewer === undefined) {
      throw new OAuthUnavailableError('Linear could not say who signed in; try again later');
    }
    return viewer;
  };
}

/** The viewer in an answer to VIEWER_QUERY, or undefined when the answer is not one. */
export function viewerOf(data: unknown): LinearViewer | undefined {
  const parsed = ViewerAnswer.safeParse(data);
  return parsed.success ? parsed.data.viewer : undefined;
}
