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
    const parsed = ViewerAnswer.safeParse(data);
    if (!parsed.success) {
      throw new OAuthUnavailableError('Linear could not say who signed in; try again later');
    }
    return parsed.data.viewer;
  };
}
